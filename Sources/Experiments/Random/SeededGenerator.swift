/// A deterministic, seedable random number generator: xoshiro256** (Blackman and Vigna, 2018) whose
/// state is filled by ``SplitMix64`` from a 64-bit seed.
///
/// Same seed ⇒ same sequence on every run and machine: the generator uses only integer arithmetic,
/// and every sampler in this module converts its bits to doubles the same way (``nextUnit()``).
/// Pass it `inout` to the samplers in ``Sampling``; never share one instance between threads.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    @usableFromInline var s0: UInt64
    @usableFromInline var s1: UInt64
    @usableFromInline var s2: UInt64
    @usableFromInline var s3: UInt64

    /// Creates a generator from a seed (any value, including 0, gives a valid non-zero state).
    public init(seed: UInt64) {
        var mix = SplitMix64(seed: seed)
        s0 = mix.next()
        s1 = mix.next()
        s2 = mix.next()
        s3 = mix.next()
    }

    /// Creates the generator of an independent sub-stream: the pair (`seed`, `stream`) is mixed through
    /// ``SplitMix64`` so that streams 0, 1, 2, … of one seed do not overlap in practice.
    ///
    /// Engines use one stream per purpose (for example per version and metric), so that skipping one
    /// computation never shifts the draws of another.
    public init(seed: UInt64, stream: UInt64) {
        var mix = SplitMix64(seed: seed)
        let a = mix.next()
        var mix2 = SplitMix64(seed: a ^ (stream &* 0xD1B5_4A32_D192_ED03))
        self.init(seed: mix2.next())
    }

    /// Returns the next 64 random bits.
    @inlinable
    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    /// A uniform double in [0, 1) with 53 random bits.
    @inlinable
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform double in the open interval (0, 1): never 0, so its logarithm is finite.
    @inlinable
    public mutating func nextOpenUnit() -> Double {
        (Double(next() >> 12) + 0.5) * 0x1.0p-52
    }

    @inlinable
    func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 - k))
    }
}
