import Experiments

/// xoshiro256** seeded through SplitMix64: the benchmark's only source of randomness, so that every figure
/// is reproducible from `--seed` on every machine (never `SystemRandomNumberGenerator`).
struct Xoshiro256: RandomNumberGenerator, Sendable {
    /// The project's own xoshiro256** (``SeededGenerator``): four SplitMix64 outputs of the seed as its state.
    private var generator: SeededGenerator

    /// A generator whose state is four SplitMix64 outputs of `seed`.
    init(seed: UInt64) { generator = SeededGenerator(seed: seed) }

    /// A generator for one named stream: the seed mixed with every key, in order (FNV-1a over the keys' bytes,
    /// then SplitMix64 in `init`). The same keys give the same stream whatever else ran before.
    init(_ seed: UInt64, _ keys: UInt64...) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ seed
        for key in keys {
            for shift in stride(from: 0, to: 64, by: 8) {
                hash ^= (key >> UInt64(shift)) & 0xff
                hash = hash &* 0x0000_0100_0000_01b3
            }
        }
        self.init(seed: hash)
    }

    mutating func next() -> UInt64 { generator.next() }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Uniform in (0, 1).
    mutating func openUnit() -> Double { (Double(next() >> 12) + 0.5) * 0x1.0p-52 }
}

/// FNV-1a of a text, for turning scenario names into stream keys.
func streamKey(_ text: String) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
        hash ^= UInt64(byte)
        hash = hash &* 0x0000_0100_0000_01b3
    }
    return hash
}
