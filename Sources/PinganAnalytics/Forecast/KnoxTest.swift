/// The Knox test for near repeats (Knox 1964, "The detection of space-time interactions",
/// Applied Statistics 13(1), 25–30), with Monte Carlo significance as in the Near Repeat
/// Calculator of Johnson et al. (2007, "Space–time patterns of risk: a cross national
/// assessment of residential burglary victimization", Journal of Quantitative Criminology 23).
///
/// Every pair of events is counted in the cell of a table given by how far apart the two are in
/// space (metres) and in time (days). If burglaries cluster — a burgled street is burgled again
/// within days — pairs close in both space and time are more common than the places and the
/// times alone explain. The expected count of each band comes from shuffling: the events'
/// times are permuted among them (places stay put, so the spatial pattern is kept exactly and
/// only the link between place and time is broken), the pairs recounted, `simulations` times.
/// Knox ratio = observed / mean of the shuffles; p = (1 + shuffles with a count ≥ observed) /
/// (1 + shuffles), the usual one-sided Monte Carlo p-value.
///
/// Bands: the space edges `0, 100, 200, 400, 800` make the bands [0, 100), [100, 200), [200, 400),
/// [400, 800) metres; pairs 800 m or more apart are not counted (the table is about what is near).
/// The time edges `0, 7, 14, 30` make [0, 7), [7, 14), [14, 30) and [30, ∞) days. Distances are
/// straight lines on the local projection; times are |tᵢ − tⱼ| in days (date-only events differ by
/// whole days, so the [0, 7) band holds same-day pairs too).
///
/// Speed: only pairs within the largest space edge are ever counted, so they are found once
/// through a grid of that cell size (each event looks in its own and the eight cells around it)
/// and kept as flat arrays; each shuffle then recounts those pairs, O(close pairs), never O(n²).
public enum KnoxTest {
    public struct Configuration: Sendable, Equatable {
        public var spaceEdges: [Double] = [0, 100, 200, 400, 800]
        public var timeEdges: [Double] = [0, 7, 14, 30]
        public var simulations = 99
        public var seed: UInt64 = 1

        public init() {}

        public func validate() throws(ForecastError) {
            func increasing(_ e: [Double]) -> Bool { zip(e, e.dropFirst()).allSatisfy { $0 < $1 } && e.allSatisfy(\.isFinite) && (e.first ?? -1) >= 0 }
            guard spaceEdges.count >= 2, increasing(spaceEdges) else {
                throw ForecastError(.badParameter, "space bands need at least two increasing edges from 0 or more, e.g. 0,100,200,400,800")
            }
            guard !timeEdges.isEmpty, increasing(timeEdges) else {
                throw ForecastError(.badParameter, "time bands need increasing edges from 0 or more, e.g. 0,7,14,30")
            }
            guard spaceEdges.count <= 64, timeEdges.count <= 64 else { throw ForecastError(.badParameter, "at most 64 edges per band list") }
            // The pair grid uses the last edge as its cell size; a centimetre keeps its keys in range.
            guard spaceEdges[spaceEdges.count - 1] >= 0.01 else { throw ForecastError(.badParameter, "the last space edge must be at least 0.01 m") }
            guard (1...100_000).contains(simulations) else { throw ForecastError(.badParameter, "simulations must be 1 to 100000") }
        }

        public var spaceBands: Int { spaceEdges.count - 1 }
        /// The last band is open-ended.
        public var timeBands: Int { timeEdges.count }

        /// The space band of distance `d`, or nil beyond the last edge (or before the first).
        @inline(__always) public func spaceBand(_ d: Double) -> Int? {
            guard d >= spaceEdges[0] else { return nil }
            for k in 1..<spaceEdges.count where d < spaceEdges[k] { return k - 1 }
            return nil
        }

        /// The time band of a gap of `dt` days, or nil before the first edge.
        @inline(__always) public func timeBand(_ dt: Double) -> Int? {
            guard dt >= timeEdges[0] else { return nil }
            var k = 0
            while k + 1 < timeEdges.count, dt >= timeEdges[k + 1] { k += 1 }
            return k
        }
    }

    /// One cell of the table.
    public struct Band: Sendable, Equatable {
        public var spaceFrom: Double, spaceTo: Double
        public var timeFrom: Double
        /// nil for the open last band.
        public var timeTo: Double?
        public var observed: Int
        /// Mean count over the shuffles.
        public var expected: Double
        /// observed / expected; nil when no shuffle had a pair there.
        public var ratio: Double?
        public var pValue: Double
    }

    public struct Result: Sendable, Equatable {
        public var events: Int
        /// Pairs closer than the largest space edge (the ones the table is made of).
        public var closePairs: Int
        /// Space band major: all time bands of the nearest space band first.
        public var bands: [Band]
        public var simulations: Int
        public var seed: UInt64
    }

    /// Runs the test on events (projected around their own centre).
    public static func run(events: [ForecastEvent], configuration: Configuration = Configuration()) throws(ForecastError) -> Result {
        guard let box = GeoBox(points: events.lazy.map(\.coordinate)) else {
            throw ForecastError(.noEvents, "no events for the Knox test")
        }
        let projection = LocalProjection(centreOf: box)
        var x: [Double] = [], y: [Double] = [], t: [Double] = []
        x.reserveCapacity(events.count); y.reserveCapacity(events.count); t.reserveCapacity(events.count)
        for e in events {
            let p = projection.project(e.coordinate)
            x.append(p.x); y.append(p.y); t.append(e.days)
        }
        return try run(x: x, y: y, days: t, configuration: configuration)
    }

    /// Runs the test on projected positions (metres) and times (days).
    public static func run(x: [Double], y: [Double], days: [Double], configuration: Configuration = Configuration()) throws(ForecastError) -> Result {
        let cfg = configuration
        try cfg.validate()
        let n = x.count
        guard n == y.count, n == days.count else { throw ForecastError(.badParameter, "positions and times differ in length") }
        guard n >= 2 else { throw ForecastError(.noEvents, "the Knox test needs at least two events (\(n) given)") }
        guard x.allSatisfy(\.isFinite), y.allSatisfy(\.isFinite), days.allSatisfy(\.isFinite) else {
            throw ForecastError(.badParameter, "positions and times must be finite")
        }

        let (pairA, pairB, pairSpace) = closePairs(x: x, y: y, configuration: cfg)
        let sb = cfg.spaceBands, tb = cfg.timeBands
        func count(_ t: [Double]) -> [Int] {
            var c = [Int](repeating: 0, count: sb * tb)
            for p in pairA.indices {
                let dt = abs(t[Int(pairA[p])] - t[Int(pairB[p])])
                if let k = cfg.timeBand(dt) { c[Int(pairSpace[p]) * tb + k] += 1 }
            }
            return c
        }
        let observed = count(days)
        var sum = [Double](repeating: 0, count: sb * tb), atLeast = [Int](repeating: 0, count: sb * tb)
        var rng = SeededRandom(seed: cfg.seed)
        var shuffled = days
        for _ in 0..<cfg.simulations {
            // Fisher–Yates on the times, continuing from the last permutation (any start is uniform).
            for i in stride(from: n - 1, to: 0, by: -1) { shuffled.swapAt(i, rng.index(i + 1)) }
            let c = count(shuffled)
            for k in c.indices {
                sum[k] += Double(c[k])
                if c[k] >= observed[k] { atLeast[k] += 1 }
            }
        }
        var bands: [Band] = []
        for s in 0..<sb {
            for t in 0..<tb {
                let k = s * tb + t
                let expected = sum[k] / Double(cfg.simulations)
                bands.append(Band(spaceFrom: cfg.spaceEdges[s], spaceTo: cfg.spaceEdges[s + 1], timeFrom: cfg.timeEdges[t],
                                  timeTo: t + 1 < cfg.timeEdges.count ? cfg.timeEdges[t + 1] : nil, observed: observed[k],
                                  expected: expected, ratio: expected > 0 ? Double(observed[k]) / expected : nil,
                                  pValue: Double(1 + atLeast[k]) / Double(1 + cfg.simulations)))
            }
        }
        return Result(events: n, closePairs: pairA.count, bands: bands, simulations: cfg.simulations, seed: cfg.seed)
    }

    /// Every pair closer than the largest space edge, with its space band, found through a grid
    /// of that cell size: events sorted by cell, each looking in the 3 × 3 cells around its own.
    static func closePairs(x: [Double], y: [Double], configuration cfg: Configuration) -> ([Int32], [Int32], [UInt8]) {
        let n = x.count
        let reach = cfg.spaceEdges[cfg.spaceEdges.count - 1]
        let minX = x.min()!, minY = y.min()!
        let size = max(reach, 1e-9)
        let cx = x.map { Int64((($0 - minX) / size).rounded(.down)) }, cy = y.map { Int64((($0 - minY) / size).rounded(.down)) }
        let width = (cx.max() ?? 0) + 3
        let key = (0..<n).map { cy[$0] * width + cx[$0] }
        let order = (0..<n).sorted { key[$0] < key[$1] || (key[$0] == key[$1] && $0 < $1) }
        let sortedKeys = order.map { key[$0] }
        func firstIndex(_ k: Int64) -> Int {
            var lo = 0, hi = n
            while lo < hi {
                let mid = (lo + hi) / 2
                if sortedKeys[mid] < k { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }
        var a: [Int32] = [], b: [Int32] = [], s: [UInt8] = []
        let reach2 = reach * reach
        for i in 0..<n {
            for dr in Int64(-1)...1 {
                // The three cells of one row are contiguous keys.
                let base = (cy[i] + dr) * width + cx[i]
                var p = firstIndex(base - 1)
                let end = firstIndex(base + 2)
                while p < end {
                    let j = order[p]
                    p += 1
                    guard j > i else { continue }
                    let dx = x[i] - x[j], dy = y[i] - y[j]
                    let d2 = dx * dx + dy * dy
                    guard d2 < reach2, let band = cfg.spaceBand(d2.squareRoot()) else { continue }
                    a.append(Int32(i)); b.append(Int32(j)); s.append(UInt8(band))
                }
            }
        }
        return (a, b, s)
    }
}
