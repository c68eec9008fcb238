import Foundation

/// The straight-line Voronoi cells of a few sites inside a box: each site's cell is the part of
/// the box nearer to it than to any other site. A demo city's stations get these as their areas
/// (a partition: no gaps, no overlaps), which is what an administrator without drawn areas would
/// sketch first. Distances are measured in a local plane (longitude scaled by the cosine of the
/// box's middle latitude), fine at city scale.
///
/// Each cell starts as the box and is cut by the perpendicular bisector with every other site
/// (Sutherland–Hodgman against one half-plane at a time): O(n²) cuts, meant for tens of sites.
public enum VoronoiCells {
    public static func cells(sites: [Coordinate], south: Double, west: Double, north: Double, east: Double) -> [[Coordinate]] {
        let k = cos((south + north) / 2 * .pi / 180)
        func plane(_ c: Coordinate) -> (Double, Double) { (c.lon * k, c.lat) }
        let box = [Coordinate(lat: south, lon: west), Coordinate(lat: south, lon: east), Coordinate(lat: north, lon: east), Coordinate(lat: north, lon: west)]
        return sites.indices.map { i in
            var cell = box
            let (ax, ay) = plane(sites[i])
            for j in sites.indices where j != i && !cell.isEmpty {
                let (bx, by) = plane(sites[j])
                // Keep points p with (p - m)·(b - a) <= 0, m the midpoint: nearer to a.
                let (nx, ny) = (bx - ax, by - ay), (mx, my) = ((ax + bx) / 2, (ay + by) / 2)
                func side(_ c: Coordinate) -> Double { let (x, y) = plane(c); return (x - mx) * nx + (y - my) * ny }
                var out: [Coordinate] = []
                for (n, p) in cell.enumerated() {
                    let q = cell[(n + 1) % cell.count]
                    let sp = side(p), sq = side(q)
                    if sp <= 0 { out.append(p) }
                    if (sp < 0) != (sq < 0), sp != 0, sq != 0 {
                        let t = sp / (sp - sq)
                        out.append(Coordinate(lat: p.lat + (q.lat - p.lat) * t, lon: p.lon + (q.lon - p.lon) * t))
                    }
                }
                cell = out
            }
            return cell
        }
    }
}
