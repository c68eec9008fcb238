import Foundation
import PinganGeo

/// Weighted k-means (k-means++ start, Lloyd iterations) over road nodes in a local metric
/// projection, weighting each node by the road length around it. It places stations and zone
/// centres where the road network is, instead of at the geometric centre of empty water.
enum WeightedKMeans {
    /// Node indices (one per cluster) nearest to the k weighted centroids of the nodes in `members`.
    static func centres(network: RoadNetwork, members: [Int], weights: [Double], k: Int, rng: inout SeededRandom,
                        iterations: Int = 15) -> [Int] {
        let g = network.graph
        guard k > 0, !members.isEmpty else { return [] }
        if members.count <= k { return members }
        let lat0 = members.reduce(0.0) { $0 + g.coordinates[$1].lat } / Double(members.count)
        let ky = Geodesy.earthRadius * .pi / 180, kx = ky * cos(lat0 * .pi / 180)
        let xs = members.map { g.coordinates[$0].lon * kx }, ys = members.map { g.coordinates[$0].lat * ky }
        let ws = members.map { max(1e-6, weights[$0]) }
        // k-means++ seeding, weighted.
        var cx: [Double] = [], cy: [Double] = []
        var first = [Double](repeating: 0, count: members.count)
        var acc = 0.0
        for i in 0..<members.count { acc += ws[i]; first[i] = acc }
        let f = rng.pick(cumulative: first)
        cx.append(xs[f]); cy.append(ys[f])
        var d2 = [Double](repeating: .infinity, count: members.count)
        while cx.count < k {
            var cum = [Double](repeating: 0, count: members.count)
            var total = 0.0
            let c = cx.count - 1
            for i in 0..<members.count {
                let dx = xs[i] - cx[c], dy = ys[i] - cy[c]
                d2[i] = min(d2[i], dx * dx + dy * dy)
                total += ws[i] * d2[i]
                cum[i] = total
            }
            if total <= 0 { break }
            let p = rng.pick(cumulative: cum)
            cx.append(xs[p]); cy.append(ys[p])
        }
        var assign = [Int](repeating: 0, count: members.count)
        for _ in 0..<iterations {
            for i in 0..<members.count {
                var best = Double.infinity
                for c in 0..<cx.count {
                    let dx = xs[i] - cx[c], dy = ys[i] - cy[c]
                    let d = dx * dx + dy * dy
                    if d < best { best = d; assign[i] = c }
                }
            }
            var sx = [Double](repeating: 0, count: cx.count), sy = sx, sw = sx
            for i in 0..<members.count { let c = assign[i]; sx[c] += ws[i] * xs[i]; sy[c] += ws[i] * ys[i]; sw[c] += ws[i] }
            for c in 0..<cx.count where sw[c] > 0 { cx[c] = sx[c] / sw[c]; cy[c] = sy[c] / sw[c] }
        }
        // Snap each centroid to its nearest member node (distinct nodes).
        var chosen: [Int] = []
        for c in 0..<cx.count {
            var best = Double.infinity, bi = members[0]
            for i in 0..<members.count where !chosen.contains(members[i]) {
                let dx = xs[i] - cx[c], dy = ys[i] - cy[c]
                let d = dx * dx + dy * dy
                if d < best { best = d; bi = members[i] }
            }
            chosen.append(bi)
        }
        return chosen
    }

    /// Road length around each node: half the length of every edge touching it.
    static func nodeRoadLength(_ network: RoadNetwork) -> [Double] {
        let g = network.graph
        var w = [Double](repeating: 0, count: g.nodeCount)
        for u in 0..<g.nodeCount {
            for e in g.edges(from: u) {
                let l = Double(network.edgeLengths[e]) / 2
                w[u] += l; w[Int(g.targets[e])] += l
            }
        }
        return w
    }
}
