import Foundation
import PinganCore
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads Cursor-on-Target position events, the XML TAK devices (ATAK, WinTAK) send:
/// `<event uid="HP01-1" time="2026-…Z" type="a-f-G-…"><point lat=".." lon=".." ce=".."/>
/// <detail><track speed=".." course=".."/></detail></event>`, one event or several under any
/// root element. Foundation's `XMLParser` (libxml2) does the XML; only the few attributes a
/// position needs are read. Anything not well-formed, or an event without uid, time or point,
/// is a 400 `malformed_cot` for the whole body.
enum CursorOnTarget {
    struct PositionEvent: Sendable, Hashable {
        var uid: String
        var time: Date
        var lat: Double
        var lon: Double
        /// Circular error in metres (`point ce`), when the device gave a real one.
        var accuracy: Double?
        var speed: Double?
        var course: Double?
    }

    static func parse(_ data: Data) throws -> [PositionEvent] {
        let reader = Reader()
        let parser = XMLParser(data: data)
        parser.shouldResolveExternalEntities = false
        parser.delegate = reader
        guard parser.parse(), reader.problem == nil else {
            throw Problem(.badRequest, code: "malformed_cot", detail: reader.problem ?? "the body is not well-formed Cursor-on-Target XML")
        }
        guard !reader.events.isEmpty else { throw Problem(.badRequest, code: "malformed_cot", detail: "no <event> with a <point>") }
        return reader.events
    }

    /// The SAX delegate: collects one event at a time. A class because `XMLParser` wants one.
    private final class Reader: NSObject, XMLParserDelegate {
        var events: [PositionEvent] = []
        var problem: String?
        private var current: (uid: String, time: Date)?
        private var point: (lat: Double, lon: Double, ce: Double?)?
        private var track: (speed: Double?, course: Double?) = (nil, nil)

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            switch name {
            case "event":
                guard let uid = attributes["uid"], !uid.isEmpty, uid.count <= 100,
                      let raw = attributes["time"], let time = Timestamp.parse(raw) else {
                    fail(parser, "an <event> needs a uid and an ISO-8601 time")
                    return
                }
                current = (uid, time)
                point = nil
                track = (nil, nil)
            case "point":
                guard current != nil, let lat = attributes["lat"].flatMap(Double.init), let lon = attributes["lon"].flatMap(Double.init),
                      lat.isFinite, lon.isFinite, (-90...90).contains(lat), (-180...180).contains(lon) else {
                    fail(parser, "a <point> needs lat and lon inside an <event>")
                    return
                }
                // CoT uses 9999999 for "unknown".
                let ce = attributes["ce"].flatMap(Double.init).flatMap { $0.isFinite && $0 >= 0 && $0 < 9_999_999 ? $0 : nil }
                point = (lat, lon, ce)
            case "track":
                let speed = attributes["speed"].flatMap(Double.init).flatMap { $0.isFinite && $0 >= 0 && $0 < 200 ? $0 : nil }
                let course = attributes["course"].flatMap(Double.init).flatMap { $0.isFinite && $0 >= 0 && $0 <= 360 ? $0 : nil }
                track = (speed, course)
            default:
                break
            }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            guard name == "event", let current else { return }
            guard let point else { fail(parser, "event \(current.uid.prefix(100)) has no <point>"); return }
            events.append(PositionEvent(uid: current.uid, time: current.time, lat: point.lat, lon: point.lon, accuracy: point.ce,
                                        speed: track.speed, course: track.course))
            self.current = nil
        }

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
            if problem == nil { problem = "the body is not well-formed XML" }
        }

        private func fail(_ parser: XMLParser, _ message: String) {
            if problem == nil { problem = message }
            parser.abortParsing()
        }
    }
}
