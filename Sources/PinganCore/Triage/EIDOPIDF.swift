import Foundation
import PinganGeo

/// The place inside an EIDO location component: a PIDF-LO document (RFC 4119, shapes per
/// RFC 5491) carried as text in `locationByValue`, as STA-021 2.18 prescribes for NG9-1-1.
///
/// Pingan writes a geodetic point in WGS-84 (EPSG 4326, latitude first) and keeps the address
/// as the component's description text, since a PIDF civic address has no element for the
/// one-line addresses Chinese dispatch records. It reads the first position of any shape (a
/// Point, or the centre of a Circle, Ellipse, ArcBand or Ellipsoid; the mean of a Polygon's
/// corners) and, for senders that give no description, the civic address's parts in order.
public enum EIDOPIDF {
    /// What a PIDF-LO says about where: either may be absent (a civic-only or a geodetic-only
    /// location).
    public struct Reading: Sendable, Hashable {
        public var position: Coordinate?
        public var civicAddress: String?

        public init(position: Coordinate?, civicAddress: String?) {
            self.position = position
            self.civicAddress = civicAddress
        }
    }

    /// A PIDF-LO holding `position` as a point, the `entity` it is about and the time it was
    /// determined (an RFC 3339 instant).
    public static func point(_ position: Coordinate, entity: String, at time: String) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<presence xmlns=\"urn:ietf:params:xml:ns:pidf\" xmlns:gp=\"urn:ietf:params:xml:ns:pidf:geopriv10\""
            + " xmlns:gml=\"http://www.opengis.net/gml\" entity=\"\(EIDOMarkup.escape(entity))\">"
            + "<tuple id=\"location\"><status><gp:geopriv><gp:location-info>"
            + "<gml:Point srsName=\"urn:ogc:def:crs:EPSG::4326\"><gml:pos>\(position.lat) \(position.lon)</gml:pos></gml:Point>"
            + "</gp:location-info><gp:usage-rules/><gp:method>Manual</gp:method></gp:geopriv></status>"
            + "<timestamp>\(EIDOMarkup.escape(time))</timestamp></tuple></presence>"
    }

    /// Reads `xml`, the `locationByValue` of `component`. Refuses a document that is not
    /// well-formed, a position in another coordinate system than WGS-84, and any position (not
    /// only the one used) that is not numbers or lies off the globe.
    public static func read(_ xml: String, component: String) throws(EIDOError) -> Reading {
        guard let leaves = EIDOMarkup.leaves(xml) else {
            throw EIDOError.invalid("locationByValue", in: component, "is not a well-formed PIDF-LO document (XML, without a DOCTYPE)")
        }
        var first: Coordinate?
        var firstInPolygon = false
        var polygon: [Coordinate] = []
        var civic: [String] = []
        for leaf in leaves {
            if leaf.ancestors.contains("civicAddress") {
                let part = leaf.text.trimmingCharacters(in: .whitespacesAndNewlines)
                if !part.isEmpty { civic.append(part) }
                continue
            }
            guard leaf.name == "pos" || leaf.name == "posList" else { continue }
            var dimensions = 2
            if let srs = leaf.srsName {
                if srs.hasSuffix("4979") {
                    dimensions = 3
                } else if !srs.hasSuffix("4326") {
                    throw EIDOError.invalid("locationByValue", in: component,
                                            "uses the coordinate system \(srs.prefix(80)); PIDF-LO positions are WGS-84 (EPSG 4326 or 4979)")
                }
            }
            var numbers: [Double] = []
            for word in leaf.text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }) {
                guard let n = Double(word), n.isFinite else {
                    throw EIDOError.invalid("locationByValue", in: component, "has a gml:\(leaf.name) that is not a list of numbers")
                }
                numbers.append(n)
            }
            // A pos is one point (a third number is height); a posList is a run of points.
            let step = leaf.name == "pos" ? max(numbers.count, 1) : dimensions
            guard numbers.count >= 2, leaf.name == "pos" || numbers.count % dimensions == 0 else {
                throw EIDOError.invalid("locationByValue", in: component, "has a gml:\(leaf.name) without whole latitude-longitude pairs")
            }
            let inPolygon = leaf.ancestors.contains("Polygon")
            for k in stride(from: 0, to: numbers.count, by: step) {
                let point = Coordinate(lat: numbers[k], lon: numbers[k + 1])
                guard point.isValid else {
                    throw EIDOError.invalid("locationByValue", in: component, "has a position outside latitude -90…90 or longitude -180…180")
                }
                if first == nil {
                    first = point
                    firstInPolygon = inPolygon
                }
                if inPolygon { polygon.append(point) }
            }
        }
        var position = first
        if firstInPolygon {
            if polygon.count > 1, polygon.first == polygon.last { polygon.removeLast() }
            position = Coordinate(lat: polygon.map(\.lat).reduce(0, +) / Double(polygon.count),
                                  lon: polygon.map(\.lon).reduce(0, +) / Double(polygon.count))
        }
        return Reading(position: position, civicAddress: civic.isEmpty ? nil : civic.joined(separator: " "))
    }
}
