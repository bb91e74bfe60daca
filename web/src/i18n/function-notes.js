// Short strengths and weaknesses of each activation, in English and Chinese:
// NOTES[language][id] = { pros: [...], cons: [...] }.

export const NOTES = {
  en: {
    sigmoid: {
      pros: ['Output in (0, 1): reads as a probability, the natural choice for a binary output unit.', 'Smooth everywhere, with a simple derivative σ(1 − σ).'],
      cons: ['Saturates on both sides: f′ is at most 0.25 and falls below 1e-3 for |x| > 6.9, so deep stacks lose their gradient.', 'Outputs are always positive (mean 0.5), which makes the next layer’s weight updates zig-zag.', 'Needs an exponential per element.'],
    },
    tanh: {
      pros: ['Zero-centred output in (−1, 1), so the next layer sees inputs of both signs.', 'Its slope at 0 is 1, four times sigmoid’s.'],
      cons: ['Still saturates: f′ < 1e-3 once |x| > 4.15, so gradients vanish through many layers.', 'Costs an exponential (or an equivalent) per element.'],
    },
    relu: {
      pros: ['No saturation for x > 0: the gradient passes unchanged.', 'Almost free to compute (a comparison), and its outputs are sparse.'],
      cons: ['Dead ReLU: f′ = 0 for x ≤ 0, so a unit pushed negative for every input stops learning.', 'Not zero-centred (output ≥ 0) and has a kink at 0.'],
    },
    relu6: {
      pros: ['Cheap, and the cap at 6 keeps activations small enough for low-precision (int8) inference.'],
      cons: ['Two flat pieces: f′ = 0 below 0 and above 6, so units can die at either end.', 'Not zero-centred; kinks at 0 and 6.'],
    },
    leaky_relu: {
      pros: ['A small slope a for x < 0 keeps a gradient flowing, so units cannot die.', 'As cheap as ReLU.'],
      cons: ['The slope a is one more hyper-parameter, and a tiny a behaves almost like ReLU.', 'Kink at 0; outputs are still mostly positive.'],
    },
    prelu: {
      pros: ['Like Leaky ReLU, but the negative slope α is learned (per channel if wanted).'],
      cons: ['Extra parameters that can over-fit on small data sets.', 'Kink at 0; if α becomes negative the function is no longer monotonic.'],
    },
    rrelu: {
      pros: ['Randomized leaky ReLU (Xu et al. 2015, “Empirical Evaluation of Rectified Activations in Convolutional Network”): in training each negative input gets a random slope from U(l, u); in evaluation, shown here, the slope is fixed at (l + u)/2.', 'As cheap as Leaky ReLU, and units cannot die.'],
      cons: ['The curve and the accuracy table are evaluation mode, a Leaky ReLU with a = (l + u)/2 ≈ 0.229; the trainer and the gradient-flow simulator draw the random slopes in their training passes (from the seed; the trainer draws new ones every step).', 'Kink at 0.'],
    },
    elu: {
      pros: ['Negative outputs down to −α pull the mean activation towards 0.', 'No dead units: f′ = α eˣ > 0 for x < 0; with α = 1 the curve is smooth at 0 (f′ continuous).'],
      cons: ['Exponential for x < 0 costs more than ReLU.', 'Saturates for very negative x (f′ < 1e-3 below about −6.9 when α = 1).'],
    },
    celu: {
      pros: ['ELU rescaled so that f′ is continuous at 0 for every α, not only α = 1.'],
      cons: ['Same cost and negative-side saturation as ELU.'],
    },
    selu: {
      pros: ['With λ ≈ 1.0507 and α ≈ 1.6733, activations of a suitably initialised dense network drift towards mean 0 and variance 1 by themselves (self-normalising).', 'Its measured mean for N(0, 1) inputs is 0.'],
      cons: ['The guarantee needs LeCun-normal initialisation, dense layers and alpha-dropout; other architectures lose it.', 'Kink at 0 (slope λα ≈ 1.758 on the left, λ on the right) and an exponential per negative element.'],
    },
    xielu: {
      pros: ['xIELU (Huang et al. 2024, “Deriving Activation Functions Using Integration”), used by Swiss AI’s Apertus models: quadratic for x > 0, like squared ReLU, and the integral of an ELU for x ≤ 0, so its slope αₙ(eˣ − 1) + β never dies on the left.', 'The parameters are trained in the paper; the defaults αₚ = 0.8, αₙ = 0.8, β = 0.5 are HF transformers’ initial values.'],
      cons: ['The values here are the effective ones: transformers’ XIELUActivation trains raw p and n and uses αₚ = softplus(p), αₙ = β + softplus(n) (so αₙ > β there), in bfloat16 by default, its ε = −10⁻⁶ rounded to bfloat16.', 'Not monotonic when αₙ > β: a dip to about −0.21 at x ≈ −0.98 with the defaults and a zero crossing at x ≈ −2.43, where its terms cancel (recomputed in double-double here).', 'f(0) = αₙ(exp ε − 1) ≈ −8e-7, not 0: f jumps at 0, and f′ jumps at 0 and at ε.'],
    },
    gelu: {
      pros: ['Smooth, and weights its input by the probability Φ(x) that a standard normal is below it; the default in Transformers such as BERT and GPT.', 'Slightly negative for x < 0, so gradients do not die there.'],
      cons: ['Needs erf (or an approximation), the most expensive function here.', 'Not monotonic: a shallow dip to about −0.17 near x = −0.75.'],
    },
    gelu_tanh: {
      pros: ['The tanh approximation of GELU used by the original GPT-2 code; cheaper where erf is slow.'],
      cons: ['Not GELU: it differs by a few 1e-4 (see the identities view).', 'Still needs a tanh; non-monotonic like GELU.'],
    },
    quick_gelu: {
      pros: ['x σ(1.702x): the sigmoid approximation of GELU (Hendrycks & Gimpel 2016) that OpenAI’s CLIP uses (Radford et al. 2021); one exponential instead of erf.', 'It is swish with β = 1.702, so it shares swish’s smooth, non-monotonic shape.'],
      cons: ['Not GELU: the two differ by up to about 0.02 (near x = −2.27), so a model trained with it (CLIP) needs it at inference.', 'An exponential per element, like SiLU.'],
    },
    silu: {
      pros: ['x σ(x): smooth, unbounded above, bounded below; works well in deep vision and language models.', 'The small negative lobe keeps gradients alive for x < 0.'],
      cons: ['An exponential per element.', 'Not monotonic: minimum about −0.278 at x ≈ −1.278.'],
    },
    swish: {
      pros: ['x σ(βx) interpolates between x/2 (β = 0) and ReLU (β → ∞); β = 1 is SiLU.'],
      cons: ['The same cost and non-monotonic dip as SiLU; β is one more thing to tune or learn.'],
    },
    mish: {
      pros: ['Smooth and non-monotonic like SiLU, with a slightly deeper negative lobe; reported to help some vision models.'],
      cons: ['Three transcendental functions per element (exp, log, tanh): among the slowest.'],
    },
    softplus: {
      pros: ['A smooth version of ReLU whose derivative is exactly the sigmoid (it is σ’s integral).', 'Output is always positive: handy for parameters that must be > 0 (scales, variances).'],
      cons: ['Never zero-centred, saturates for x → −∞, and costs an exp and a log.'],
    },
    softsign: {
      pros: ['Zero-centred like tanh but with polynomial tails: it saturates far more slowly (f′ ≈ 1/x²).', 'No exponential.'],
      cons: ['Still bounded, so gradients still shrink for large |x|; f″ jumps at 0.'],
    },
    hardsigmoid: {
      pros: ['A piecewise-linear sigmoid: one multiply-add and a clamp, friendly to mobile and int8 hardware.'],
      cons: ['f′ is exactly 0 outside (−3, 3): hard saturation, no gradient at all there.', 'Not zero-centred.'],
    },
    hardswish: {
      pros: ['A cheap, piecewise version of swish (MobileNetV3), with no exponential.'],
      cons: ['Dead for x < −3 (f′ = 0) and not monotonic (minimum −0.375 at x = −1.5).'],
    },
    hardtanh: {
      pros: ['A clamp to [a, b]: the cheapest bounded, zero-centred (for a = −b) activation.'],
      cons: ['f′ = 0 outside (a, b): inputs that leave the band get no gradient.', 'Kinks at a and b.'],
    },
    hardshrink: {
      pros: ['Zeroes inputs in [−λ, λ] and passes the others unchanged: hard thresholding, the sparsifying step of wavelet denoising (Donoho & Johnstone 1994); in PyTorch as F.hardshrink.'],
      cons: ['Not continuous: f jumps by λ at ±λ, and f′ = 0 on the whole dead zone.', 'Rarely a hidden-layer activation.'],
    },
    softshrink: {
      pros: ['Soft thresholding: moves every input λ towards 0 and zeroes the small ones; the proximal map of λ|x| used by ISTA and learned ISTA (Gregor & LeCun 2010); F.softshrink.', 'Continuous, unlike hardshrink.'],
      cons: ['f′ = 0 on [−λ, λ]: small inputs get no gradient.', 'Kinks at ±λ.'],
    },
    tanhshrink: {
      pros: ['x − tanh x: about x³/3 for small inputs and x ∓ 1 for large ones; smooth and monotonic (f′ = tanh²x ≥ 0). F.tanhshrink, from Lua Torch’s nn.TanhShrink.'],
      cons: ['Its gradient vanishes at 0 (f′ ≈ x²), the opposite of most activations.', 'x − tanh x cancels near 0: a plain float formula loses every digit there (the kernel switches to the series).'],
    },
    threshold: {
      pros: ['The general step of F.threshold: x above the threshold t, the constant v at or below it; t = v = 0 is ReLU.'],
      cons: ['f′ = 0 at and below t, and f jumps at t unless v = t.', 'PyTorch gives neither parameter a default; 0 and 0 here.'],
    },
    squared_relu: {
      pros: ['max(0, x)²: found by the Primer architecture search (So et al. 2021, “Primer: Searching for Efficient Transformers for Language Modeling”) to train Transformer language models faster than GELU.', 'Cheap (a comparison and a multiply), with f′ continuous at 0.'],
      cons: ['Dead for x < 0 like ReLU, while f′ = 2x grows without bound: large inputs give large gradients.', 'Overflows float32 for x above about 1.8e19.'],
    },
    logsigmoid: {
      pros: ['log σ(x) computed without overflow; its derivative σ(−x) is what a stable binary cross-entropy needs.'],
      cons: ['Unbounded below and never positive; rarely used as a hidden activation.'],
    },
    scaled_sigmoid: {
      pros: ['4σ(x) − 2 = 2 tanh(x/2): a zero-centred sigmoid in (−2, 2), a reminder that sigmoid and tanh are one family.'],
      cons: ['Saturates like tanh and costs an exponential.'],
    },
    identity: {
      pros: ['Passes values and gradients through unchanged; the right output for regression.'],
      cons: ['A stack of linear layers with identity activations is still one linear map: no expressive power gained.'],
    },
  },
  zh: {
    sigmoid: {
      pros: ['输出在 (0, 1) 内，可直接当作概率，适合二分类的输出单元。', '处处光滑，导数形式简单：σ(1 − σ)。'],
      cons: ['两侧都会饱和：f′ 最大只有 0.25，|x| > 6.9 时低于 1e-3，层数一多梯度就消失。', '输出恒为正（均值 0.5），下一层权重的更新方向会来回震荡。', '每个元素都要算一次指数。'],
    },
    tanh: {
      pros: ['输出在 (−1, 1) 内且以零为中心，下一层能收到正负两种输入。', '在 0 处斜率为 1，是 sigmoid 的四倍。'],
      cons: ['仍会饱和：|x| > 4.15 后 f′ < 1e-3，经过多层后梯度消失。', '每个元素需要一次指数（或等价运算）。'],
    },
    relu: {
      pros: ['x > 0 时不饱和，梯度原样传回。', '计算几乎零成本（一次比较），输出稀疏。'],
      cons: ['ReLU 死亡：x ≤ 0 时 f′ = 0，若某单元对所有输入都为负，它就不再学习。', '输出不以零为中心（≥ 0），且在 0 处有折点。'],
    },
    relu6: {
      pros: ['计算便宜，上限 6 让激活值保持较小，便于低精度（int8）推理。'],
      cons: ['两段平坦：0 以下和 6 以上 f′ = 0，两端都可能“死亡”。', '不以零为中心；在 0 和 6 处有折点。'],
    },
    leaky_relu: {
      pros: ['x < 0 时保留小斜率 a，梯度仍能流动，单元不会死亡。', '与 ReLU 一样便宜。'],
      cons: ['斜率 a 是额外的超参数；a 很小时几乎与 ReLU 相同。', '0 处有折点，输出仍以正值为主。'],
    },
    prelu: {
      pros: ['与 Leaky ReLU 类似，但负半轴斜率 α 由训练学得（可按通道各学一个）。'],
      cons: ['额外的参数在小数据集上可能过拟合。', '0 处有折点；若 α 学成负数，函数就不再单调。'],
    },
    rrelu: {
      pros: ['随机 Leaky ReLU（Xu 等 2015，《Empirical Evaluation of Rectified Activations in Convolutional Network》）：训练时每个负输入从 U(l, u) 中随机取斜率；这里显示的评估模式下斜率固定为 (l + u)/2。', '与 Leaky ReLU 一样便宜，单元不会死亡。'],
      cons: ['曲线和精度表是评估模式，即 a = (l + u)/2 ≈ 0.229 的 Leaky ReLU；训练器和梯度流模拟器在训练前向中抽取随机斜率（由种子决定；训练器每一步重新抽取）。', '0 处有折点。'],
    },
    elu: {
      pros: ['负半轴输出可低至 −α，使平均激活更接近 0。', '不会死亡：x < 0 时 f′ = α eˣ > 0；α = 1 时在 0 处光滑（f′ 连续）。'],
      cons: ['负半轴需要指数运算，比 ReLU 慢。', 'x 很负时会饱和（α = 1 时约在 −6.9 以下 f′ < 1e-3）。'],
    },
    celu: {
      pros: ['对 ELU 做了缩放，使任意 α 下 f′ 在 0 处都连续，而不只是 α = 1。'],
      cons: ['成本和负半轴饱和与 ELU 相同。'],
    },
    selu: {
      pros: ['取 λ ≈ 1.0507、α ≈ 1.6733 时，合适初始化的全连接网络中激活会自行趋向均值 0、方差 1（自归一化）。', '对 N(0, 1) 输入实测的输出均值为 0。'],
      cons: ['这一性质依赖 LeCun 正态初始化、全连接层和 alpha-dropout，换了结构就不再成立。', '0 处有折点（左侧斜率 λα ≈ 1.758，右侧 λ），负值还需指数运算。'],
    },
    xielu: {
      pros: ['xIELU（Huang 等 2024，《Deriving Activation Functions Using Integration》），瑞士 AI 的 Apertus 模型采用：x > 0 时为二次函数（类似平方 ReLU），x ≤ 0 时为 ELU 的积分，左侧斜率 αₙ(eˣ − 1) + β 不会消失。', '论文中参数可训练；默认值 αₚ = 0.8、αₙ = 0.8、β = 0.5 是 HF transformers 的初始值。'],
      cons: ['这里用的是有效值：transformers 的 XIELUActivation 训练原始参数 p、n，并取 αₚ = softplus(p)、αₙ = β + softplus(n)（因此那里 αₙ > β），默认用 bfloat16，其 ε = −10⁻⁶ 也舍入为 bfloat16。', 'αₙ > β 时不单调：默认参数下在 x ≈ −0.98 处下探到约 −0.21，并在 x ≈ −2.43 处穿过零点；那里两项相互抵消（本内核在那里改用 double-double 重新计算）。', 'f(0) = αₙ(exp ε − 1) ≈ −8e-7 而不是 0：f 在 0 处跳变，f′ 在 0 和 ε 处跳变。'],
    },
    gelu: {
      pros: ['光滑，用标准正态小于输入的概率 Φ(x) 给输入加权；BERT、GPT 等 Transformer 的默认选择。', 'x < 0 时略为负值，梯度不会在那里消失为零。'],
      cons: ['需要 erf（或其近似），是这里最贵的函数。', '不单调：在 x ≈ −0.75 附近有一个浅谷，约为 −0.17。'],
    },
    gelu_tanh: {
      pros: ['GELU 的 tanh 近似，最初的 GPT-2 代码即用此式；在 erf 很慢的平台上更便宜。'],
      cons: ['它并不等于 GELU：两者相差约几个 1e-4（见“恒等式”视图）。', '仍需 tanh，且与 GELU 一样不单调。'],
    },
    quick_gelu: {
      pros: ['x σ(1.702x)：GELU 的 sigmoid 近似（Hendrycks 与 Gimpel 2016），OpenAI 的 CLIP 采用（Radford 等 2021）；用一次指数代替 erf。', '它就是 β = 1.702 的 swish，形状同样光滑且不单调。'],
      cons: ['它不等于 GELU：两者最多相差约 0.02（在 x = −2.27 附近），所以用它训练的模型（CLIP）推理时也必须用它。', '与 SiLU 一样每个元素需要一次指数。'],
    },
    silu: {
      pros: ['x σ(x)：光滑、上无界、下有界，在深层视觉和语言模型中表现良好。', '小小的负值区使 x < 0 时梯度依然存在。'],
      cons: ['每个元素需要一次指数。', '不单调：最小值约 −0.278，位于 x ≈ −1.278。'],
    },
    swish: {
      pros: ['x σ(βx) 在 x/2（β = 0）与 ReLU（β → ∞）之间过渡；β = 1 即 SiLU。'],
      cons: ['成本和非单调的凹陷与 SiLU 相同；β 是又一个需要调或学的量。'],
    },
    mish: {
      pros: ['与 SiLU 一样光滑且不单调，负值区稍深；据报道对部分视觉模型有帮助。'],
      cons: ['每个元素要算三个超越函数（exp、log、tanh），属于最慢的一类。'],
    },
    softplus: {
      pros: ['ReLU 的光滑版本，导数恰好是 sigmoid（它是 σ 的积分）。', '输出恒为正，适合必须大于 0 的量（尺度、方差）。'],
      cons: ['不以零为中心，x → −∞ 时饱和，并需要一次 exp 和一次 log。'],
    },
    softsign: {
      pros: ['与 tanh 一样以零为中心，但尾部按多项式衰减，饱和慢得多（f′ ≈ 1/x²）。', '不需要指数运算。'],
      cons: ['仍然有界，|x| 大时梯度仍会变小；f″ 在 0 处跳变。'],
    },
    hardsigmoid: {
      pros: ['分段线性的 sigmoid：一次乘加加一次截断，适合移动端和 int8 硬件。'],
      cons: ['在 (−3, 3) 之外 f′ 恰为 0：硬饱和，完全没有梯度。', '不以零为中心。'],
    },
    hardswish: {
      pros: ['swish 的廉价分段版本（MobileNetV3），无需指数。'],
      cons: ['x < −3 时 f′ = 0（死亡区），且不单调（最小值 −0.375，位于 x = −1.5）。'],
    },
    hardtanh: {
      pros: ['截断到 [a, b]：最便宜的有界激活，a = −b 时以零为中心。'],
      cons: ['(a, b) 之外 f′ = 0：离开该区间的输入得不到梯度。', '在 a 和 b 处有折点。'],
    },
    hardshrink: {
      pros: ['把 [−λ, λ] 内的输入置零、其余原样通过：硬阈值，小波去噪中的稀疏化步骤（Donoho 与 Johnstone 1994）；PyTorch 中为 F.hardshrink。'],
      cons: ['不连续：f 在 ±λ 处跳变 λ，整个死区内 f′ = 0。', '很少用作隐藏层激活。'],
    },
    softshrink: {
      pros: ['软阈值：把每个输入向 0 移动 λ，并把小输入置零；即 λ|x| 的近端映射，ISTA 与可学习 ISTA（Gregor 与 LeCun 2010）所用；F.softshrink。', '与 hardshrink 不同，它是连续的。'],
      cons: ['[−λ, λ] 内 f′ = 0：小输入得不到梯度。', '在 ±λ 处有折点。'],
    },
    tanhshrink: {
      pros: ['x − tanh x：小输入时约为 x³/3，大输入时约为 x ∓ 1；光滑且单调（f′ = tanh²x ≥ 0）。即 F.tanhshrink，源自 Lua Torch 的 nn.TanhShrink。'],
      cons: ['它的梯度在 0 处消失（f′ ≈ x²），与多数激活函数相反。', 'x − tanh x 在 0 附近相互抵消：直接用浮点公式会丢掉全部有效数字（内核在那里改用级数）。'],
    },
    threshold: {
      pros: ['F.threshold 的一般阶跃：大于阈值 t 时为 x，小于或等于 t 时为常数 v；t = v = 0 即 ReLU。'],
      cons: ['t 及以下 f′ = 0；除非 v = t，f 在 t 处跳变。', 'PyTorch 没有为这两个参数给出默认值；这里取 0 和 0。'],
    },
    squared_relu: {
      pros: ['max(0, x)²：Primer 架构搜索（So 等 2021，《Primer: Searching for Efficient Transformers for Language Modeling》）发现它训练 Transformer 语言模型比 GELU 更快。', '计算便宜（一次比较加一次乘法），f′ 在 0 处连续。'],
      cons: ['与 ReLU 一样 x < 0 时死亡，而 f′ = 2x 无界增长：大输入带来大梯度。', 'x 大于约 1.8e19 时超出 float32 范围（溢出为无穷大）。'],
    },
    logsigmoid: {
      pros: ['不溢出地计算 log σ(x)；其导数 σ(−x) 正是数值稳定的二元交叉熵所需。'],
      cons: ['下无界且从不为正，很少用作隐藏层激活。'],
    },
    scaled_sigmoid: {
      pros: ['4σ(x) − 2 = 2 tanh(x/2)：输出在 (−2, 2) 内、以零为中心的 sigmoid，说明 sigmoid 与 tanh 本是一家。'],
      cons: ['像 tanh 一样饱和，并需要一次指数。'],
    },
    identity: {
      pros: ['值和梯度原样通过；回归任务输出层的正确选择。'],
      cons: ['全用恒等激活的多层线性网络仍只是一个线性映射，表达能力没有增加。'],
    },
  },
};
