import Foundation
import PinganCore
import PinganGeo

/// Draws a synthetic call stream over a road network from a fitted `CallModel`.
///
/// The process is a spatio-temporal Hawkes (self-exciting) process, the standard model for
/// crime and call data (near-repeat victimisation, crashes that bring more calls):
/// - *background* calls arrive as an inhomogeneous Poisson process at `(1 - n) × rate(hour of
///   week)`, each placed at a uniformly random point of the road network, so background
///   density follows road density (road length per area);
/// - every call triggers Poisson(n) *offspring*, after an exponential delay with the fitted
///   mean and at a 2-D Gaussian offset (sigma scaled to this map) from the parent, snapped to
///   the nearest road; offspring keep the parent's category (a repeat of the same trouble) and
///   trigger their own offspring.
/// The expected total rate is therefore the fitted rate, while counts bunch in time and space
/// like the data. Deterministic for a given seed.
public struct CallGenerator: Sendable {
    public let model: CallModel
    public let network: RoadNetwork
    /// Cumulative road length per edge, for picking background points by road density.
    let cumulativeLength: [Double]
    let edgeSource: [Int32]
    let sigmaMeters: Double

    public init(model: CallModel, network: RoadNetwork) {
        self.model = model
        self.network = network
        let g = network.graph
        var cum = [Double](repeating: 0, count: g.edgeCount), src = [Int32](repeating: 0, count: g.edgeCount)
        var acc = 0.0
        for u in 0..<g.nodeCount {
            for e in g.edges(from: u) {
                acc += Double(network.edgeLengths[e]); cum[e] = acc; src[e] = Int32(u)
            }
        }
        cumulativeLength = cum
        edgeSource = src
        var diag = 0.0
        if g.hasCoordinates, let box = GeoBox(points: g.coordinates) {
            diag = Geodesy.haversine(Coordinate(lat: box.minLat, lon: box.minLon), Coordinate(lat: box.maxLat, lon: box.maxLon))
        }
        sigmaMeters = max(30, model.offspringSigmaFraction * diag)
    }

    /// A uniformly random point on the road network (by length).
    func roadPoint(_ rng: inout SeededRandom) -> Coordinate {
        let g = network.graph
        let e = rng.pick(cumulative: cumulativeLength)
        let a = g.coordinates[Int(edgeSource[e])], b = g.coordinates[Int(g.targets[e])]
        let f = rng.uniform()
        return Coordinate(lat: a.lat + (b.lat - a.lat) * f, lon: a.lon + (b.lon - a.lon) * f)
    }

    func draw(category rng: inout SeededRandom) -> Int8 {
        var acc = 0.0
        let x = rng.uniform()
        for (i, p) in model.categoryMix.enumerated() {
            acc += p
            if x < acc { return Int8(i) }
        }
        return Int8(model.categoryMix.count - 1)
    }

    func draw(priorityFor cat: Int8, _ rng: inout SeededRandom) -> Priority {
        let x = rng.uniform()
        var acc = 0.0
        for p in 0..<4 {
            acc += model.priorityMix[Int(cat) * 4 + p]
            if x < acc { return Priority(rawValue: p + 1)! }
        }
        return .p3
    }

    /// Calls in `[start, start + days)` (local seconds), sorted by time.
    /// - Parameters:
    ///   - start: local seconds since 1970 of the first instant (midnight is natural).
    ///   - days: length of the stream.
    ///   - seed: the stream is a pure function of the seed and the inputs.
    public func generate(start: Int64, days: Double, seed: UInt64) -> [CallRecord] {
        precondition(network.graph.hasCoordinates, "the generator needs a network with coordinates")
        var rng = SeededRandom(seed: seed)
        let end = start + Int64(days * 86_400)
        let n = min(0.95, max(0, model.branchingRatio))
        var calls: [CallRecord] = []
        calls.reserveCapacity(Int(model.callsPerDay * days * 1.1))
        var hourStart = start
        while hourStart < end {
            let lam = model.rate(at: hourStart) * (1 - n) * Double(min(3600, end - hourStart)) / 3600
            for _ in 0..<rng.poisson(mean: lam) {
                let t = hourStart + Int64(rng.uniform() * Double(min(3600, end - hourStart)))
                let cat = draw(category: &rng)
                calls.append(CallRecord(time: t, coordinate: roadPoint(&rng), categoryIndex: cat, priority: draw(priorityFor: cat, &rng)))
            }
            hourStart += 3600
        }
        // Offspring, generation by generation (each call's children are appended and later
        // visited in turn).
        var i = 0
        let mPerDegLat = Geodesy.earthRadius * .pi / 180
        while i < calls.count {
            let parent = calls[i]
            i += 1
            for _ in 0..<rng.poisson(mean: n) {
                let t = parent.time + Int64(rng.exponential(mean: model.offspringMeanDelaySeconds))
                if t >= end { continue }
                let dx = rng.normal() * sigmaMeters, dy = rng.normal() * sigmaMeters
                let raw = Coordinate(lat: parent.coordinate.lat + dy / mPerDegLat,
                                     lon: parent.coordinate.lon + dx / (mPerDegLat * cos(parent.coordinate.lat * .pi / 180)))
                let placed = (try? network.snap(raw, maxDistance: 3 * sigmaMeters + 500).coordinate) ?? parent.coordinate
                calls.append(CallRecord(time: t, coordinate: placed, categoryIndex: parent.categoryIndex,
                                        priority: draw(priorityFor: parent.categoryIndex, &rng)))
            }
            if calls.count > 50_000_000 { break }
        }
        calls.sort { $0.time != $1.time ? $0.time < $1.time : ($0.coordinate.lat, $0.coordinate.lon) < ($1.coordinate.lat, $1.coordinate.lon) }
        return calls
    }
}
