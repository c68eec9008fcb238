import Foundation

/// The simulation's only source of randomness: xoshiro256** seeded through SplitMix64.
///
/// Why our own generator: a replay must give identical numbers for the same seed on every
/// machine and Swift version (so two policy runs, a test and a bug report can be compared),
/// and `SystemRandomNumberGenerator` is neither seedable nor reproducible. xoshiro256** is
/// small, fast and passes BigCrush; SplitMix64 spreads a small integer seed over its 256-bit state.
public struct SeededRandom: RandomNumberGenerator, Sendable, Equatable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    public init(seed: UInt64) {
        var sm = seed
        func splitMix(_ x: inout UInt64) -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix(&sm); s1 = splitMix(&sm); s2 = splitMix(&sm); s3 = splitMix(&sm)
    }

    /// An independent stream for a named purpose (service times, placement jitter, ...), so
    /// adding draws to one purpose never shifts the numbers another purpose sees.
    public func derived(_ stream: UInt64) -> SeededRandom {
        var copy = self
        return SeededRandom(seed: copy.next() ^ (stream &* 0xD1B5_4A32_D192_ED03))
    }

    @inline(__always) static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    public mutating func next() -> UInt64 {
        let result = Self.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = Self.rotl(s3, 45)
        return result
    }

    /// Uniform in [0, 1) with 53 random bits.
    @inline(__always) public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Uniform integer in 0..<n (n > 0), by multiply-shift (bias below 2^-32 for our sizes).
    @inline(__always) public mutating func index(_ n: Int) -> Int {
        precondition(n > 0)
        return Int(((next() >> 32) &* UInt64(n)) >> 32)
    }

    /// Exponential with the given mean.
    public mutating func exponential(mean: Double) -> Double {
        -mean * log(1 - uniform())
    }

    /// Standard normal (Box–Muller, one value per call for simplicity of state).
    public mutating func normal() -> Double {
        let u1 = max(uniform(), 1e-300), u2 = uniform()
        return sqrt(-2 * log(u1)) * cos(2 * .pi * u2)
    }

    /// Log-normal with the given median and log-space standard deviation.
    public mutating func logNormal(median: Double, sigma: Double) -> Double {
        median * exp(sigma * normal())
    }

    /// Poisson count (inversion for small means, normal approximation above 50).
    public mutating func poisson(mean: Double) -> Int {
        if mean <= 0 { return 0 }
        if mean > 50 { return max(0, Int((mean + sqrt(mean) * normal()).rounded())) }
        let l = exp(-mean)
        var k = 0
        var p = uniform()
        while p > l { k += 1; p *= uniform() }
        return k
    }

    /// Index drawn with probability proportional to `cumulative[i] - cumulative[i-1]`
    /// (`cumulative` is a non-decreasing running sum with a positive last element).
    public mutating func pick(cumulative: [Double]) -> Int {
        let x = uniform() * cumulative[cumulative.count - 1]
        var lo = 0, hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cumulative[mid] > x { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}
