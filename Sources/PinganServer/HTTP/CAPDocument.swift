import Foundation
import PinganCore
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The XML form of a CAP 1.2 alert, the one other warning systems exchange: `CAPMessage` in and
/// out of `<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">`.
///
/// Writing follows the element order of the CAP 1.2 schema, since validating receivers refuse a
/// document whose elements are merely all present. Reading uses Foundation's `XMLParser`
/// (libxml2) with external entities off and namespaces on, keeps only CAP 1.2 elements in the
/// places the schema puts them (anything else, such as a peer's extension, is skipped), and ends
/// with `CAPMessage.validate()`, so what comes back is a message Pingan could also have sent.
/// The body limit (1 MiB) is the caller's, as for every other upload.
enum CAPDocument {
    // MARK: Writing

    /// The document for `message`, dated at `utcOffsetMinutes` east of UTC (UTC, written
    /// `-00:00`, by default). It does not validate: call `message.validate()` first, since a
    /// peer will discard what CAP does not allow. Characters XML cannot carry are dropped.
    static func write(_ message: CAPMessage, utcOffsetMinutes: Int = 0) -> String {
        var out = Writer()
        func date(_ d: Date) -> String { CAPDateTime.format(d, utcOffsetMinutes: utcOffsetMinutes) }
        out.line("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        out.open("alert", attributes: " xmlns=\"\(CAPMessage.namespace)\"")
        out.leaf("identifier", message.identifier)
        out.leaf("sender", message.sender)
        out.leaf("sent", date(message.sent))
        out.leaf("status", message.status.rawValue)
        out.leaf("msgType", message.msgType.rawValue)
        out.leaf("source", message.source)
        out.leaf("scope", message.scope.rawValue)
        out.leaf("restriction", message.restriction)
        out.leaf("addresses", message.addresses.map { list in
            list.map { address in address.contains(where: \.isWhitespace) ? "\"\(address)\"" : address }.joined(separator: " ")
        })
        out.leaf("note", message.note)
        out.leaf("references", message.references.map { list in
            list.map { "\($0.sender),\($0.identifier),\(date($0.sent))" }.joined(separator: " ")
        })
        for info in message.infos {
            out.open("info")
            out.leaf("language", info.language)
            for category in info.categories { out.leaf("category", category.rawValue) }
            out.leaf("event", info.event)
            for response in info.responseTypes ?? [] { out.leaf("responseType", response) }
            out.leaf("urgency", info.urgency.rawValue)
            out.leaf("severity", info.severity.rawValue)
            out.leaf("certainty", info.certainty.rawValue)
            out.leaf("effective", info.effective.map(date))
            out.leaf("expires", info.expires.map(date))
            out.leaf("senderName", info.senderName)
            out.leaf("headline", info.headline)
            out.leaf("description", info.description)
            out.leaf("instruction", info.instruction)
            out.leaf("web", info.web)
            out.leaf("contact", info.contact)
            for parameter in info.parameters {
                out.open("parameter")
                out.leaf("valueName", parameter.valueName)
                out.leaf("value", parameter.value)
                out.close("parameter")
            }
            for area in info.areas {
                out.open("area")
                out.leaf("areaDesc", area.areaDesc)
                for polygon in area.polygons {
                    out.leaf("polygon", polygon.map { "\(decimal($0.lat)),\(decimal($0.lon))" }.joined(separator: " "))
                }
                for circle in area.circles {
                    out.leaf("circle", "\(decimal(circle.lat)),\(decimal(circle.lon)) \(decimal(circle.radiusKm))")
                }
                out.close("area")
            }
            out.close("info")
        }
        out.close("alert")
        return out.text
    }

    /// Indented elements, one a line; text is escaped and never padded, so it reads back as written.
    private struct Writer {
        var text = ""
        var depth = 0

        mutating func line(_ s: String) {
            text += String(repeating: "  ", count: depth) + s + "\n"
        }

        mutating func open(_ name: String, attributes: String = "") {
            line("<\(name)\(attributes)>")
            depth += 1
        }

        mutating func close(_ name: String) {
            depth -= 1
            line("</\(name)>")
        }

        mutating func leaf(_ name: String, _ value: String?) {
            guard let value else { return }
            line("<\(name)>\(CAPDocument.escape(value))</\(name)>")
        }
    }

    /// The five predefined entities, and a carriage return as a reference because a parser
    /// turns a literal one into a line feed.
    static func escape(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out.append(contentsOf: "&amp;".unicodeScalars)
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case ">": out.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": out.append(contentsOf: "&quot;".unicodeScalars)
            case "'": out.append(contentsOf: "&apos;".unicodeScalars)
            case "\r": out.append(contentsOf: "&#13;".unicodeScalars)
            default: if CAPMessage.isXMLCharacter(scalar) { out.append(scalar) }
            }
        }
        return String(out)
    }

    /// A plain decimal (CAP has no exponent form) that reads back as the same `Double`: Swift's
    /// shortest round-trip digits, with any exponent spelled out.
    static func decimal(_ value: Double) -> String {
        var s = "\(value)"
        if let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }), let exponent = Int(s[s.index(after: e)...]) {
            var mantissa = String(s[..<e])
            let negative = mantissa.hasPrefix("-")
            if negative { mantissa.removeFirst() }
            let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
            var digits = parts.joined()
            var point = parts[0].count + exponent
            if point <= 0 {
                digits = String(repeating: "0", count: 1 - point) + digits
                point = 1
            }
            if point >= digits.count {
                s = digits + String(repeating: "0", count: point - digits.count)
            } else {
                s = digits.prefix(point) + "." + digits.dropFirst(point)
            }
            if negative { s = "-" + s }
        }
        if s.hasSuffix(".0") { s.removeLast(2) }
        return s
    }

    // MARK: Reading

    /// Reads one CAP 1.2 alert and validates it.
    ///
    /// - Throws: `CAPError` — `malformed` for XML that is not well formed or carries a DTD,
    ///   `unsupportedVersion` for a root that is not a CAP 1.2 `alert` (saying so when it is
    ///   CAP 1.1 or 1.0), `missingElement` or `invalidValue` naming the element at fault.
    static func read(_ data: Data) throws(CAPError) -> CAPMessage {
        // CAP has no DTD; refusing one keeps entity expansion out of the parser altogether.
        if data.range(of: Data("<!DOCTYPE".utf8)) != nil {
            throw CAPError(.malformed, "a CAP document must not have a DOCTYPE")
        }
        let reader = Reader()
        let parser = XMLParser(data: data)
        parser.shouldResolveExternalEntities = false
        parser.shouldProcessNamespaces = true
        parser.delegate = reader
        // Not well-formed outranks every other fault: the parser runs to the end even after a
        // CAP fault, since what came before a broken tag is not the document the peer meant.
        // swift-corelibs' parser reports some errors found at the end (an unclosed tag, text
        // after the root) only to the delegate and still returns true, hence both checks.
        guard parser.parse(), reader.errorLine == nil else {
            throw CAPError(.malformed, "the document is not well-formed XML" + (reader.errorLine.map { " (line \($0))" } ?? ""))
        }
        if let failure = reader.failure { throw failure }
        guard let message = reader.message else { throw CAPError(.malformed, "the document has no <alert>") }
        try message.validate()
        return message
    }

    /// Splits `addresses`: space-separated, with a multi-word address in double quotes.
    static func addresses(_ text: String) throws(CAPError) -> [String] {
        var list: [String] = []
        var current = ""
        var quoted = false
        for ch in text {
            if ch == "\"" {
                if quoted { list.append(current); current = "" }
                quoted.toggle()
            } else if ch.isWhitespace && !quoted {
                if !current.isEmpty { list.append(current); current = "" }
            } else {
                current.append(ch)
            }
        }
        guard !quoted else { throw CAPError.invalid("addresses", "has an unterminated quoted address") }
        if !current.isEmpty { list.append(current) }
        return list
    }

    /// `sender,identifier,sent` triples, space-separated.
    static func references(_ text: String) throws(CAPError) -> [CAPMessage.Reference] {
        var list: [CAPMessage.Reference] = []
        for triple in text.split(whereSeparator: \.isWhitespace) {
            let parts = triple.split(separator: ",", omittingEmptySubsequences: false)
            guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw CAPError.invalid("references", "must be sender,identifier,sent triples separated by spaces")
            }
            list.append(CAPMessage.Reference(sender: String(parts[0]), identifier: String(parts[1]),
                                             sent: try CAPDateTime.parse(String(parts[2]), element: "references")))
        }
        return list
    }

    /// `lat,lon` pairs, whitespace-separated; closure and range are `validate()`'s.
    static func polygon(_ text: String, place: String) throws(CAPError) -> [CAPArea.Point] {
        var points: [CAPArea.Point] = []
        for pair in text.split(whereSeparator: \.isWhitespace) {
            guard let point = point(pair) else {
                throw CAPError.invalid("polygon", in: place, "has \"\(pair.prefix(40))\", which is not a lat,lon pair")
            }
            points.append(point)
        }
        return points
    }

    /// `lat,lon radius`, the radius in kilometres.
    static func circle(_ text: String, place: String) throws(CAPError) -> CAPArea.Circle {
        let parts = text.split(whereSeparator: \.isWhitespace)
        guard parts.count == 2, let centre = point(parts[0]), let radius = number(parts[1]) else {
            throw CAPError.invalid("circle", in: place, "must be \"lat,lon radius\"")
        }
        return CAPArea.Circle(lat: centre.lat, lon: centre.lon, radiusKm: radius)
    }

    private static func point(_ pair: Substring) -> CAPArea.Point? {
        let parts = pair.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 2, let lat = number(parts[0]), let lon = number(parts[1]) else { return nil }
        return CAPArea.Point(lat: lat, lon: lon)
    }

    /// A decimal, optionally signed; not `nan`, `inf` or hexadecimal, which `Double(_:)` would take.
    private static func number(_ s: Substring) -> Double? {
        guard !s.isEmpty, s.utf8.allSatisfy({ (48...57).contains($0) || $0 == 46 || $0 == 45 || $0 == 43 }) else { return nil }
        return Double(s)
    }

    /// Single-valued elements seen twice are refused: two identifiers or two urgencies leave a
    /// receiver guessing which one the sender meant.
    private static func once<T>(_ field: inout T?, _ value: T, element: String, place: String) throws(CAPError) {
        guard field == nil else { throw CAPError.invalid(element, in: place, "appears more than once") }
        field = value
    }

    private static func parse<E: RawRepresentable<String>>(_ text: String, element: String, place: String) throws(CAPError) -> E {
        guard let value = E(rawValue: text) else {
            throw CAPError.invalid(element, in: place, "\"\(text.prefix(40))\" is not one of CAP's values")
        }
        return value
    }

    private struct AlertDraft {
        var identifier, sender, source, restriction, note: String?
        var sent: Date?
        var status: CAPMessage.Status?
        var msgType: CAPMessage.MessageType?
        var scope: CAPMessage.Scope?
        var addresses: [String]?
        var references: [CAPMessage.Reference]?
        var infos: [CAPInfo] = []

        func message() throws(CAPError) -> CAPMessage {
            guard let identifier else { throw CAPError.missing("identifier") }
            guard let sender else { throw CAPError.missing("sender") }
            guard let sent else { throw CAPError.missing("sent") }
            guard let status else { throw CAPError.missing("status") }
            guard let msgType else { throw CAPError.missing("msgType") }
            guard let scope else { throw CAPError.missing("scope") }
            return CAPMessage(identifier: identifier, sender: sender, sent: sent, status: status, msgType: msgType, source: source,
                              scope: scope, restriction: restriction, addresses: addresses, references: references, note: note,
                              infos: infos)
        }
    }

    private struct InfoDraft {
        var place: String
        var language, event, senderName, headline, description, instruction, web, contact: String?
        var categories: [CAPCategory] = []
        var responseTypes: [String] = []
        var urgency: CAPInfo.Urgency?
        var severity: CAPInfo.Severity?
        var certainty: CAPInfo.Certainty?
        var effective, expires: Date?
        var parameters: [CAPInfo.Parameter] = []
        var areas: [CAPArea] = []

        func info() throws(CAPError) -> CAPInfo {
            guard !categories.isEmpty else { throw CAPError.missing("category", in: place) }
            guard let event else { throw CAPError.missing("event", in: place) }
            guard let urgency else { throw CAPError.missing("urgency", in: place) }
            guard let severity else { throw CAPError.missing("severity", in: place) }
            guard let certainty else { throw CAPError.missing("certainty", in: place) }
            return CAPInfo(language: language ?? "en-US", categories: categories, event: event,
                           responseTypes: responseTypes.isEmpty ? nil : responseTypes, urgency: urgency, severity: severity,
                           certainty: certainty, senderName: senderName, headline: headline, description: description,
                           instruction: instruction, effective: effective, expires: expires, web: web, contact: contact,
                           parameters: parameters, areas: areas)
        }
    }

    /// The SAX delegate: a stack of open elements (nil for another namespace's) with a text
    /// buffer each, and drafts of the alert, info, parameter and area being read. A class
    /// because `XMLParser` wants one.
    private final class Reader: NSObject, XMLParserDelegate {
        var message: CAPMessage?
        var failure: CAPError?
        /// Set by the first XML error the parser reports.
        var errorLine: Int?
        private var open: [(name: String?, text: String)] = []
        private var alert: AlertDraft?
        private var info: InfoDraft?
        private var parameter: (valueName: String?, value: String?)?
        private var area: (desc: String?, polygons: [[CAPArea.Point]], circles: [CAPArea.Circle])?

        private var infoPlace: String { "info \((alert?.infos.count ?? 0) + 1): " }
        private var areaPlace: String { infoPlace + "area \((info?.areas.count ?? 0) + 1): " }

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            guard failure == nil else { return }
            let isCAP = namespaceURI == CAPMessage.namespace
            if open.isEmpty && alert == nil && message == nil {
                guard isCAP, name == "alert" else { return fail(Self.notCAP12(name, namespaceURI)) }
                alert = AlertDraft()
            } else if isCAP {
                if name == "info" && within("alert") { info = InfoDraft(place: infoPlace) }
                if name == "parameter" && within("alert", "info") { parameter = (nil, nil) }
                if name == "area" && within("alert", "info") { area = (nil, [], []) }
            }
            open.append((isCAP ? name : nil, ""))
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if failure == nil, !open.isEmpty { open[open.count - 1].text += string }
        }

        func parser(_ parser: XMLParser, foundCDATA block: Data) {
            if failure == nil, !open.isEmpty { open[open.count - 1].text += String(decoding: block, as: UTF8.self) }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            guard failure == nil, let closed = open.popLast() else { return }
            do throws(CAPError) {
                try end(closed.name, text: closed.text)
            } catch {
                fail(error)
            }
        }

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
            if errorLine == nil { errorLine = parser.lineNumber }
        }

        /// Keeps the first fault and stops reading; the parser goes on only to check well-formedness.
        private func fail(_ error: CAPError) {
            if failure == nil { failure = error }
        }

        static func notCAP12(_ name: String, _ namespace: String?) -> CAPError {
            let why = switch namespace {
            case "urn:oasis:names:tc:emergency:cap:1.1": "it is CAP 1.1 (urn:oasis:names:tc:emergency:cap:1.1); only CAP 1.2 is read"
            case "http://www.incident.com/cap/1.0": "it is CAP 1.0; only CAP 1.2 is read"
            case nil, "": "<\(name.prefix(40))> has no namespace; a CAP 1.2 alert is in \(CAPMessage.namespace)"
            case let other?: "<\(name.prefix(40))> in \(other.prefix(80)) is not a CAP 1.2 alert"
            }
            return CAPError(.unsupportedVersion, element: "alert", "not a CAP 1.2 <alert>: " + why)
        }

        /// One element closed: its text goes where the schema puts an element of that name
        /// under that parent; anything else is ignored.
        private func end(_ name: String?, text raw: String) throws(CAPError) {
            guard let name else { return }
            let token = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if open.isEmpty, name == "alert", let draft = alert {
                message = try draft.message()
                alert = nil
            } else if within("alert") {
                try alertChild(name, token: token, raw: raw)
            } else if within("alert", "info"), info != nil {
                try infoChild(name, token: token, raw: raw)
            } else if within("alert", "info", "parameter"), parameter != nil {
                switch name {
                case "valueName": try once(&parameter!.valueName, raw, element: name, place: infoPlace)
                case "value": try once(&parameter!.value, raw, element: name, place: infoPlace)
                default: break
                }
            } else if within("alert", "info", "area"), area != nil {
                switch name {
                case "areaDesc": try once(&area!.desc, raw, element: name, place: areaPlace)
                case "polygon": area!.polygons.append(try polygon(token, place: areaPlace))
                case "circle": area!.circles.append(try circle(token, place: areaPlace))
                default: break
                }
            }
        }

        /// Whether the open elements are exactly these CAP ones, from the root: the schema's
        /// places, so a CAP name elsewhere (or inside an extension) means nothing.
        private func within(_ path: String...) -> Bool {
            guard open.count == path.count else { return false }
            for (element, name) in zip(open, path) where element.name != name { return false }
            return true
        }

        private func alertChild(_ name: String, token: String, raw: String) throws(CAPError) {
            switch name {
            case "identifier": try once(&alert!.identifier, token, element: name, place: "")
            case "sender": try once(&alert!.sender, token, element: name, place: "")
            case "sent": try once(&alert!.sent, try CAPDateTime.parse(token, element: name), element: name, place: "")
            case "status": try once(&alert!.status, try parse(token, element: name, place: ""), element: name, place: "")
            case "msgType": try once(&alert!.msgType, try parse(token, element: name, place: ""), element: name, place: "")
            case "source": try once(&alert!.source, raw, element: name, place: "")
            case "scope": try once(&alert!.scope, try parse(token, element: name, place: ""), element: name, place: "")
            case "restriction": try once(&alert!.restriction, raw, element: name, place: "")
            case "addresses": try once(&alert!.addresses, try addresses(token), element: name, place: "")
            case "note": try once(&alert!.note, raw, element: name, place: "")
            case "references": try once(&alert!.references, try references(token), element: name, place: "")
            case "info":
                guard let draft = info else { return }
                alert!.infos.append(try draft.info())
                info = nil
            default: break
            }
        }

        private func infoChild(_ name: String, token: String, raw: String) throws(CAPError) {
            let place = infoPlace
            switch name {
            case "language": try once(&info!.language, token, element: name, place: place)
            case "category": info!.categories.append(try parse(token, element: name, place: place))
            case "event": try once(&info!.event, raw, element: name, place: place)
            case "responseType": info!.responseTypes.append(token)
            case "urgency": try once(&info!.urgency, try parse(token, element: name, place: place), element: name, place: place)
            case "severity": try once(&info!.severity, try parse(token, element: name, place: place), element: name, place: place)
            case "certainty": try once(&info!.certainty, try parse(token, element: name, place: place), element: name, place: place)
            case "effective": try once(&info!.effective, try CAPDateTime.parse(token, element: name), element: name, place: place)
            case "expires": try once(&info!.expires, try CAPDateTime.parse(token, element: name), element: name, place: place)
            case "senderName": try once(&info!.senderName, raw, element: name, place: place)
            case "headline": try once(&info!.headline, raw, element: name, place: place)
            case "description": try once(&info!.description, raw, element: name, place: place)
            case "instruction": try once(&info!.instruction, raw, element: name, place: place)
            case "web": try once(&info!.web, token, element: name, place: place)
            case "contact": try once(&info!.contact, raw, element: name, place: place)
            case "parameter":
                guard let draft = parameter else { return }
                guard let valueName = draft.valueName else { throw CAPError.missing("valueName", in: place) }
                guard let value = draft.value else { throw CAPError.missing("value", in: place) }
                info!.parameters.append(CAPInfo.Parameter(valueName: valueName, value: value))
                parameter = nil
            case "area":
                guard let draft = area else { return }
                guard let desc = draft.desc else { throw CAPError.missing("areaDesc", in: areaPlace) }
                info!.areas.append(CAPArea(areaDesc: desc, polygons: draft.polygons, circles: draft.circles))
                area = nil
            default: break
            }
        }
    }
}
