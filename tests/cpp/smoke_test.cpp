#include <gtest/gtest.h>
#include "actlab/catalog.h"
TEST(Catalog, HasSigmoid) { EXPECT_NE(actlab::find_activation("sigmoid"), nullptr); }
