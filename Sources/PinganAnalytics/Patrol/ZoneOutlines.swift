import Foundation
import PinganGeo

/// Outlines for a cut of road nodes into zones that tile the ground without overlapping, so that
/// the zones an administrator adopts hold the nodes the design gave them (convex hulls of the
/// parts would overlap, and a position inside two hulls would belong to whichever came first).
///
/// The area's box is rasterised into about `resolution` × `resolution` cells; each cell goes to
/// the zone with most nodes in it, empty cells to the nearest claimed cell's zone (a breadth-first
/// fill); cells cut off from their zone's main block join the neighbouring zone; each zone's
/// block is traced along its cell edges into one ring, with straight runs merged.
enum ZoneOutlines {
    static func trace(coordinates: [Coordinate], owner: [Int32], zones: Int, resolution: Int = 64) -> [[Coordinate]] {
        let members = owner.indices.filter { owner[$0] >= 0 }
        guard zones > 0, !members.isEmpty else { return Array(repeating: [], count: zones) }
        var south = Double.infinity, north = -Double.infinity, west = Double.infinity, east = -Double.infinity
        for v in members {
            let c = coordinates[v]
            south = min(south, c.lat); north = max(north, c.lat); west = min(west, c.lon); east = max(east, c.lon)
        }
        let k = cos((south + north) / 2 * .pi / 180)
        // Half a cell of margin all round: a node on the box's edge would lie on its outline,
        // where a point-in-polygon test may say either.
        let side = max(1e-6, max((east - west) * k, north - south)) / Double(resolution)
        south -= side / 2; north += side / 2; west -= side / 2 / k; east += side / 2 / k
        let spanX = (east - west) * k, spanY = north - south
        let cols = max(1, Int((spanX / side).rounded(.up))), rows = max(1, Int((spanY / side).rounded(.up)))
        let dLon = side / k, dLat = side
        func cell(_ c: Coordinate) -> Int {
            let x = min(cols - 1, max(0, Int((c.lon - west) / dLon))), y = min(rows - 1, max(0, Int((c.lat - south) / dLat)))
            return y * cols + x
        }
        // Majority zone per cell.
        var counts = [[Int32: Int]](repeating: [:], count: cols * rows)
        for v in members { counts[cell(coordinates[v])][owner[v], default: 0] += 1 }
        var zoneOf = counts.map { c in c.max { ($0.value, -$0.key) < ($1.value, -$1.key) }?.key ?? -1 }
        // Empty cells: the nearest claimed cell's zone.
        var queue = zoneOf.indices.filter { zoneOf[$0] >= 0 }
        var head = 0
        while head < queue.count {
            let i = queue[head]; head += 1
            let x = i % cols, y = i / cols
            for (nx, ny) in [(x - 1, y), (x + 1, y), (x, y - 1), (x, y + 1)] where nx >= 0 && ny >= 0 && nx < cols && ny < rows {
                let j = ny * cols + nx
                if zoneOf[j] < 0 { zoneOf[j] = zoneOf[i]; queue.append(j) }
            }
        }
        // Stray blocks (a zone's cells cut off from its main block) go to the neighbouring zone
        // they share most edges with, so the zones still tile the box, each in one piece.
        for _ in 0..<8 {
            var moved = false
            for z in 0..<zones {
                let main = largestBlock(zone: Int32(z), zoneOf: zoneOf, cols: cols, rows: rows)
                for i in zoneOf.indices where zoneOf[i] == Int32(z) && !main.contains(i) {
                    let x = i % cols, y = i / cols
                    var votes: [Int32: Int] = [:]
                    for (nx, ny) in [(x - 1, y), (x + 1, y), (x, y - 1), (x, y + 1)] where nx >= 0 && ny >= 0 && nx < cols && ny < rows {
                        let o = zoneOf[ny * cols + nx]
                        if o != Int32(z) { votes[o, default: 0] += 1 }
                    }
                    if let best = votes.max(by: { ($0.value, -$0.key) < ($1.value, -$1.key) })?.key { zoneOf[i] = best; moved = true }
                }
            }
            if !moved { break }
        }
        return (0..<zones).map { z in
            var corners = ring(of: largestBlock(zone: Int32(z), zoneOf: zoneOf, cols: cols, rows: rows), cols: cols)
            // A very ragged block: keep every k-th corner, so an outline stays within what a zone takes.
            if corners.count > ZoneDesign.maximumOutlineCorners {
                let k = (corners.count + ZoneDesign.maximumOutlineCorners - 1) / ZoneDesign.maximumOutlineCorners
                corners = stride(from: 0, to: corners.count, by: k).map { corners[$0] }
            }
            return corners.map { p in Coordinate(lat: south + Double(p.y) * dLat, lon: west + Double(p.x) * dLon) }
        }
    }

    /// The zone's largest 4-connected block of cells.
    static func largestBlock(zone: Int32, zoneOf: [Int32], cols: Int, rows: Int) -> Set<Int> {
        var seen = Set<Int>(), best = Set<Int>()
        for start in zoneOf.indices where zoneOf[start] == zone && !seen.contains(start) {
            var block: Set<Int> = [start], stack = [start]
            seen.insert(start)
            while let i = stack.popLast() {
                let x = i % cols, y = i / cols
                for (nx, ny) in [(x - 1, y), (x + 1, y), (x, y - 1), (x, y + 1)] where nx >= 0 && ny >= 0 && nx < cols && ny < rows {
                    let j = ny * cols + nx
                    if zoneOf[j] == zone && seen.insert(j).inserted { block.insert(j); stack.append(j) }
                }
            }
            if block.count > best.count { best = block }
        }
        return best
    }

    struct Corner: Hashable { var x: Int; var y: Int }

    /// The outer boundary of a block of cells, counter-clockwise, corners where the direction turns.
    static func ring(of block: Set<Int>, cols: Int) -> [Corner] {
        guard !block.isEmpty else { return [] }
        // Directed boundary edges with the block on their left.
        var next: [Corner: [Corner]] = [:]
        func add(_ a: Corner, _ b: Corner) { next[a, default: []].append(b) }
        for i in block {
            let x = i % cols, y = i / cols
            func inBlock(_ nx: Int, _ ny: Int) -> Bool { nx >= 0 && ny >= 0 && nx < cols && block.contains(ny * cols + nx) }
            if !inBlock(x, y - 1) { add(Corner(x: x, y: y), Corner(x: x + 1, y: y)) }
            if !inBlock(x + 1, y) { add(Corner(x: x + 1, y: y), Corner(x: x + 1, y: y + 1)) }
            if !inBlock(x, y + 1) { add(Corner(x: x + 1, y: y + 1), Corner(x: x, y: y + 1)) }
            if !inBlock(x - 1, y) { add(Corner(x: x, y: y + 1), Corner(x: x, y: y)) }
        }
        // Walk every ring; the longest is the outer one (the others are holes).
        var rings: [[Corner]] = []
        // (Lowest corner first, so the same block always gives the same ring.)
        while let start = next.filter({ !$0.value.isEmpty }).keys.min(by: { ($0.y, $0.x) < ($1.y, $1.x) }) {
            var ring: [Corner] = [], at = start
            repeat {
                ring.append(at)
                guard var outs = next[at], !outs.isEmpty else { break }
                let to = outs.removeLast()
                next[at] = outs
                at = to
            } while at != start && ring.count <= 4 * block.count + 4
            rings.append(ring)
        }
        let outer = rings.max { $0.count < $1.count } ?? []
        // Keep only the corners where the direction changes.
        return outer.indices.compactMap { i in
            let p = outer[(i + outer.count - 1) % outer.count], c = outer[i], n = outer[(i + 1) % outer.count]
            return (c.x - p.x, c.y - p.y) == (n.x - c.x, n.y - c.y) ? nil : c
        }
    }
}
