import Foundation
import PinganCore
import PinganGeo

/// What a report's map shows: the jurisdictions' boundaries, the day's incidents as dots
/// coloured by priority, and ranked cells (the day's hotspots, tomorrow's forecast). Drawn as
/// SVG by `svg(width:height:words:)` on a flat projection around the map's centre: no tiles,
/// nothing fetched, so it prints and mails as part of the page.
public struct ReportMap: Sendable {
    public struct Area: Sendable {
        public var name: String
        public var area: GeoArea

        public init(name: String, area: GeoArea) {
            self.name = name
            self.area = area
        }
    }

    public struct Dot: Sendable, Hashable {
        public var at: Coordinate
        public var priority: Priority

        public init(at: Coordinate, priority: Priority) {
            self.at = at
            self.priority = priority
        }
    }

    public struct Cell: Sendable, Equatable {
        public var bounds: GeoBox
        public var rank: Int
        public var forecast: Bool

        public init(bounds: GeoBox, rank: Int, forecast: Bool) {
            self.bounds = bounds
            self.rank = rank
            self.forecast = forecast
        }
    }

    public var areas: [Area]
    public var dots: [Dot]
    public var cells: [Cell]

    /// Most dots drawn: past it, a random-free thinning keeps every n-th so a city's day stays a
    /// page of a few hundred kilobytes.
    public static let maxDots = 4000
    /// Most points drawn per boundary ring, and over all rings together (longer rings are
    /// thinned evenly, so a city of a hundred stations stays a page of a few hundred kilobytes).
    public static let maxRingPoints = 1500
    public static let maxBoundaryPoints = 40_000

    public init(areas: [Area], dots: [Dot], cells: [Cell]) {
        self.areas = areas
        self.dots = dots
        self.cells = cells
    }

    /// The box the map frames: the areas' bounds, else the dots' and cells', nil when empty.
    var box: GeoBox? {
        var points: [Coordinate] = []
        for a in areas {
            points.append(Coordinate(lat: a.area.bounds.south, lon: a.area.bounds.west))
            points.append(Coordinate(lat: a.area.bounds.north, lon: a.area.bounds.east))
        }
        if points.isEmpty {
            points = dots.map(\.at)
            for c in cells {
                points.append(Coordinate(lat: c.bounds.minLat, lon: c.bounds.minLon))
                points.append(Coordinate(lat: c.bounds.maxLat, lon: c.bounds.maxLon))
            }
        }
        return GeoBox(points: points)
    }

    /// The map as an `<svg>` element, or nil when there is nothing to draw.
    func svg(width: Double, height: Double, words: ReportWords) -> String? {
        guard var box else { return nil }
        // A single point (or a line) still gets a frame of about 500 m.
        let pad = 0.0025
        if box.maxLat - box.minLat < pad { box.minLat -= pad; box.maxLat += pad }
        if box.maxLon - box.minLon < pad { box.minLon -= pad; box.maxLon += pad }
        let projection = LocalProjection(centreOf: box)
        let sw = projection.project(Coordinate(lat: box.minLat, lon: box.minLon))
        let ne = projection.project(Coordinate(lat: box.maxLat, lon: box.maxLon))
        let margin = 12.0
        let scale = min((width - 2 * margin) / max(ne.x - sw.x, 1), (height - 2 * margin) / max(ne.y - sw.y, 1))
        let drawnWidth = (ne.x - sw.x) * scale, drawnHeight = (ne.y - sw.y) * scale
        let left = (width - drawnWidth) / 2, top = (height - drawnHeight) / 2
        func point(_ c: Coordinate) -> (Double, Double) {
            let p = projection.project(c)
            return (left + (p.x - sw.x) * scale, top + drawnHeight - (p.y - sw.y) * scale)
        }
        var s = SVG.open(width: width, height: height, label: words.mapTitle)
        s += "<rect x=\"0\" y=\"0\" width=\"\(SVG.n(width))\" height=\"\(SVG.n(height))\" fill=\"#f7f7f4\"/>"
        let rings = max(1, areas.reduce(0) { $0 + $1.area.polygons.reduce(0) { $0 + $1.count } })
        let perRing = max(40, min(Self.maxRingPoints, Self.maxBoundaryPoints / rings))
        for a in areas {
            var d = ""
            for polygon in a.area.polygons {
                for ring in polygon where ring.count >= 3 {
                    let step = max(1, (ring.count + perRing - 1) / perRing)
                    var first = true
                    for i in stride(from: 0, to: ring.count, by: step) {
                        let (x, y) = point(ring[i])
                        d += (first ? "M" : "L") + SVG.n(x) + " " + SVG.n(y)
                        first = false
                    }
                    d += "Z"
                }
            }
            s += "<path d=\"\(d)\" fill=\"#e8eef5\" fill-opacity=\"0.6\" stroke=\"#5b7590\" stroke-width=\"1.2\" fill-rule=\"evenodd\">"
            s += "<title>\(HTML.escape(a.name))</title></path>"
        }
        for c in cells {
            let (x0, y0) = point(Coordinate(lat: c.bounds.maxLat, lon: c.bounds.minLon))
            let (x1, y1) = point(Coordinate(lat: c.bounds.minLat, lon: c.bounds.maxLon))
            let w = max(3, x1 - x0), h = max(3, y1 - y0)
            let colour = c.forecast ? "#7b3fa0" : "#c0392b"
            s += "<rect x=\"\(SVG.n(x0))\" y=\"\(SVG.n(y0))\" width=\"\(SVG.n(w))\" height=\"\(SVG.n(h))\" fill=\"\(colour)\" fill-opacity=\"0.18\" stroke=\"\(colour)\" stroke-width=\"1.5\""
            s += c.forecast ? " stroke-dasharray=\"4 2\"/>" : "/>"
            s += "<text x=\"\(SVG.n(x0 + w + 2))\" y=\"\(SVG.n(y0 + 9))\" font-size=\"10\" fill=\"\(colour)\">\(c.forecast ? "F" : "")\(c.rank)</text>"
        }
        let step = max(1, (dots.count + Self.maxDots - 1) / Self.maxDots)
        for i in stride(from: 0, to: dots.count, by: step) {
            let (x, y) = point(dots[i].at)
            s += "<circle cx=\"\(SVG.n(x))\" cy=\"\(SVG.n(y))\" r=\"2.6\" fill=\"\(SVG.priorityColour(dots[i].priority))\" fill-opacity=\"0.8\"/>"
        }
        // Scale bar: the largest round length under a fifth of the width.
        let metresPerPixel = 1 / scale
        let target = width / 5 * metresPerPixel
        let bar = [50.0, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000].last { $0 <= target } ?? 50
        let barPixels = bar / metresPerPixel
        s += "<line x1=\"\(SVG.n(margin))\" y1=\"\(SVG.n(height - 10))\" x2=\"\(SVG.n(margin + barPixels))\" y2=\"\(SVG.n(height - 10))\" stroke=\"#333\" stroke-width=\"2\"/>"
        s += "<text x=\"\(SVG.n(margin))\" y=\"\(SVG.n(height - 14))\" font-size=\"10\">\(bar >= 1000 ? "\(Int(bar / 1000)) km" : "\(Int(bar)) m")</text>"
        s += "<text x=\"\(SVG.n(width - 8))\" y=\"16\" font-size=\"12\" text-anchor=\"end\">N ↑</text>"
        return s + "</svg>"
    }
}
