import Foundation
import PinganCore
import PinganGeo

/// The files an administrator brings for a new city, read into `OrganisationImport.Rows`, and
/// the same files written back out (`export`), so an export is an import's input.
///
/// - Jurisdictions and patrol zones are GeoJSON FeatureCollections (what GIS tools and OSM
///   boundary extracts give): a jurisdiction feature's properties are `code`, `parent` (its
///   parent's code; none for a city), `level`, `name`, `nameEn`, and `lat`/`lon` for a station's
///   own building; its Polygon or MultiPolygon geometry is its area (null when it has none). A zone feature has `station` (code) and `name` and a Polygon.
/// - Posts, units and users are CSV (RFC 4180, UTF-8, a header row naming the columns in any
///   order): `station,name,kind,lat,lon`; `callsign,kind,station,crew`;
///   `username,displayName,role,jurisdiction,unit`.
///
/// Every bad row is reported with its section and line; reading never stops at the first.
public enum ImportFormats {
    public typealias Problem = OrganisationImport.Problem

    /// The sections as they arrive: GeoJSON values and CSV texts, any of them absent.
    public struct Files: Sendable {
        public var jurisdictions: JSONValue?
        public var zones: JSONValue?
        public var posts: String?
        public var units: String?
        public var users: String?
        public init(jurisdictions: JSONValue? = nil, zones: JSONValue? = nil, posts: String? = nil, units: String? = nil, users: String? = nil) {
            self.jurisdictions = jurisdictions; self.zones = zones; self.posts = posts; self.units = units; self.users = users
        }
    }

    /// Reads every section: the rows that read, and a problem for each that did not (the rows
    /// that did are still planned, so one pass reports every bad row of every kind).
    public static func read(_ files: Files) -> (rows: OrganisationImport.Rows, problems: [Problem]) {
        var rows = OrganisationImport.Rows()
        var problems: [Problem] = []
        if let j = files.jurisdictions { rows.jurisdictions = features(j, "jurisdictions", &problems, jurisdiction) }
        if let z = files.zones { rows.zones = features(z, "zones", &problems, zone) }
        if let p = files.posts { rows.posts = csv(p, "posts", required: ["station", "name", "kind", "lat", "lon"], optional: [], &problems, post) }
        if let u = files.units { rows.units = csv(u, "units", required: ["callsign", "kind", "station", "crew"], optional: [], &problems, unit) }
        if let u = files.users {
            rows.users = csv(u, "users", required: ["username", "displayName", "role", "jurisdiction"], optional: ["unit"], &problems, user)
        }
        return (rows, problems)
    }

    /// A row's refusal: the field and what is wrong with it.
    struct RowError: Error {
        var field: String?
        var message: String
        init(_ field: String?, _ message: String) { self.field = field; self.message = message }
    }

    // MARK: GeoJSON

    static func features<Row>(_ value: JSONValue, _ section: String, _ problems: inout [Problem],
                              _ read: ([String: JSONValue], JSONValue?) throws(RowError) -> Row) -> [OrganisationImport.Line<Row>] {
        guard case .object(let fc) = value, fc["type"]?.stringValue == "FeatureCollection", case .array(let list)? = fc["features"] else {
            problems.append(Problem(section: section, line: 0, field: nil, message: "\(section) must be a GeoJSON FeatureCollection"))
            return []
        }
        var out: [OrganisationImport.Line<Row>] = []
        for (i, feature) in list.enumerated() {
            guard case .object(let f) = feature, f["type"]?.stringValue == "Feature" else {
                problems.append(Problem(section: section, line: i + 1, field: nil, message: "feature \(i + 1) is not a GeoJSON Feature"))
                continue
            }
            var properties: [String: JSONValue] = [:]
            if case .object(let p)? = f["properties"] { properties = p }
            let geometry = f["geometry"].flatMap { $0 == .null ? nil : $0 }
            do { out.append(.init(line: i + 1, row: try read(properties, geometry))) } catch {
                problems.append(Problem(section: section, line: i + 1, field: error.field, message: error.message))
            }
        }
        return out
    }

    static func text(_ p: [String: JSONValue], _ key: String, required: Bool = true) throws(RowError) -> String? {
        guard let v = p[key], v != .null else {
            if required { throw RowError(key, "\(key) is required") }
            return nil
        }
        guard let s = v.stringValue?.trimmingCharacters(in: .whitespaces) else { throw RowError(key, "\(key) must be a string") }
        if s.isEmpty { if required { throw RowError(key, "\(key) is required") } else { return nil } }
        return s
    }

    static func number(_ p: [String: JSONValue], _ key: String) throws(RowError) -> Double? {
        switch p[key] {
        case nil, .null?: return nil
        case .number(let d)?: return d
        case .string(let s)?: if let d = Double(s) { return d }
        default: break
        }
        throw RowError(key, "\(key) must be a number")
    }

    static func location(lat: Double?, lon: Double?) throws(RowError) -> Coordinate? {
        switch (lat, lon) {
        case (nil, nil): return nil
        case (let a?, let o?):
            guard (-90...90).contains(a), (-180...180).contains(o) else { throw RowError("lat", "lat must be -90…90 and lon -180…180") }
            return Coordinate(lat: a, lon: o)
        default: throw RowError(lat == nil ? "lat" : "lon", "lat and lon go together")
        }
    }

    /// A Polygon or MultiPolygon geometry, read straight from the parsed tree (a thousand
    /// station areas would otherwise go through an encoder and a decoder each).
    static func area(_ geometry: JSONValue) throws(RowError) -> GeoArea {
        func position(_ v: JSONValue) throws(RowError) -> Coordinate {
            guard case .array(let xy) = v, xy.count >= 2, case .number(let lon) = xy[0], case .number(let lat) = xy[1] else {
                throw RowError("geometry", "a position is [lon, lat]")
            }
            return Coordinate(lat: lat, lon: lon)
        }
        func list<T>(_ v: JSONValue?, _ item: (JSONValue) throws(RowError) -> T) throws(RowError) -> [T] {
            guard case .array(let items)? = v else { throw RowError("geometry", "coordinates must be nested arrays of [lon, lat]") }
            var out: [T] = []
            out.reserveCapacity(items.count)
            for i in items { out.append(try item(i)) }
            return out
        }
        func polygon(_ v: JSONValue) throws(RowError) -> [[Coordinate]] { try list(v) { (r: JSONValue) throws(RowError) in try list(r, position) } }
        let polygons: [[[Coordinate]]]
        switch geometry["type"]?.stringValue {
        case "Polygon": polygons = [try polygon(geometry["coordinates"] ?? .null)]
        case "MultiPolygon": polygons = try list(geometry["coordinates"], polygon)
        default: throw RowError("geometry", "the geometry must be a GeoJSON Polygon or MultiPolygon")
        }
        do { return try GeoArea(polygons: polygons) } catch { throw RowError("geometry", error.message) }
    }

    static func jurisdiction(_ p: [String: JSONValue], _ geometry: JSONValue?) throws(RowError) -> OrganisationImport.JurisdictionRow {
        let levelText = try text(p, "level")!
        guard let level = JurisdictionLevel(rawValue: levelText) else {
            throw RowError("level", "level must be one of \(JurisdictionLevel.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let at = try location(lat: number(p, "lat"), lon: number(p, "lon"))
        let area = try geometry.map { (g: JSONValue) throws(RowError) in try Self.area(g) }
        return .init(code: try text(p, "code")!, parent: try text(p, "parent", required: false), level: level, name: try text(p, "name")!,
                     nameEn: try text(p, "nameEn", required: false), location: at, area: area)
    }

    static func zone(_ p: [String: JSONValue], _ geometry: JSONValue?) throws(RowError) -> OrganisationImport.ZoneRow {
        guard let geometry else { throw RowError("geometry", "a patrol zone needs a Polygon geometry") }
        let shape = try area(geometry)
        guard shape.polygons.count == 1, shape.polygons[0].count == 1 else {
            throw RowError("geometry", "a patrol zone is one Polygon without holes")
        }
        return .init(station: try text(p, "station")!, name: try text(p, "name")!, boundary: shape.polygons[0][0])
    }

    // MARK: CSV

    static func csv<Row>(_ text: String, _ section: String, required: [String], optional: [String], _ problems: inout [Problem],
                         _ read: ([String: String]) throws(RowError) -> Row) -> [OrganisationImport.Line<Row>] {
        let records = CSV.records(text)
        guard let header = records.first else {
            problems.append(Problem(section: section, line: 1, field: nil, message: "the file is empty; the first line names the columns"))
            return []
        }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        let missing = required.filter { !names.contains($0) }
        let unknown = names.filter { !required.contains($0) && !optional.contains($0) }
        guard missing.isEmpty, unknown.isEmpty else {
            let parts = (missing.isEmpty ? [] : ["missing column(s) " + missing.joined(separator: ", ")])
                + (unknown.isEmpty ? [] : ["unknown column(s) " + unknown.joined(separator: ", ")])
            problems.append(Problem(section: section, line: header.line, field: nil,
                                    message: parts.joined(separator: "; ") + "; the columns are " + (required + optional).joined(separator: ",")))
            return []
        }
        var out: [OrganisationImport.Line<Row>] = []
        for record in records.dropFirst() where !(record.fields.count == 1 && record.fields[0].isEmpty) {
            guard record.fields.count == names.count else {
                problems.append(Problem(section: section, line: record.line, field: nil,
                                        message: "\(record.fields.count) values for \(names.count) columns"))
                continue
            }
            var values: [String: String] = [:]
            for (n, v) in zip(names, record.fields) { values[n] = v.trimmingCharacters(in: .whitespaces) }
            do { out.append(.init(line: record.line, row: try read(values))) } catch {
                problems.append(Problem(section: section, line: record.line, field: error.field, message: error.message))
            }
        }
        return out
    }

    static func value(_ v: [String: String], _ key: String) throws(RowError) -> String {
        guard let s = v[key], !s.isEmpty else { throw RowError(key, "\(key) is required") }
        return s
    }

    static func decimal(_ v: [String: String], _ key: String) throws(RowError) -> Double {
        guard let d = Double(try value(v, key)), d.isFinite else { throw RowError(key, "\(key) must be a number") }
        return d
    }

    static func choice<E: RawRepresentable & CaseIterable>(_ v: [String: String], _ key: String, _ type: E.Type) throws(RowError) -> E
    where E.RawValue == String {
        let raw = try value(v, key)
        guard let e = E(rawValue: raw) else {
            throw RowError(key, "\(key) \(raw.prefix(40)) is not one of \(E.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return e
    }

    static func post(_ v: [String: String]) throws(RowError) -> OrganisationImport.PostRow {
        .init(station: try value(v, "station"), name: try value(v, "name"), kind: try choice(v, "kind", Post.Kind.self),
              location: try location(lat: decimal(v, "lat"), lon: decimal(v, "lon"))!)
    }

    static func unit(_ v: [String: String]) throws(RowError) -> OrganisationImport.UnitRow {
        guard let crew = Int(try value(v, "crew")) else { throw RowError("crew", "crew must be a whole number") }
        return .init(callsign: try value(v, "callsign"), kind: try choice(v, "kind", UnitKind.self), station: try value(v, "station"), crew: crew)
    }

    static func user(_ v: [String: String]) throws(RowError) -> OrganisationImport.UserRow {
        let unit = v["unit"].flatMap { $0.isEmpty ? nil : $0 }
        return .init(username: try value(v, "username"), displayName: try value(v, "displayName"), role: try choice(v, "role", Role.self),
                     jurisdiction: try value(v, "jurisdiction"), unit: unit)
    }
}

/// RFC 4180 records with the line each starts on (a quoted field may span lines).
enum CSV {
    struct Record {
        var line: Int
        var fields: [String]
    }

    /// Scans the UTF-8 bytes: a field without quotes is one slice decoded once (a population
    /// list of 100,000 rows is read in a fraction of the time a character-by-character walk took).
    static func records(_ text: String) -> [Record] {
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        var out: [Record] = []
        var fields: [String] = []
        var line = 1, start = 1, i = 0
        let n = bytes.count
        while i < n {
            // One field: quoted (a doubled quote is one; commas and line breaks are kept), then
            // whatever follows up to the next comma or line break, as written.
            var field: [UInt8] = []
            var from = i
            if bytes[i] == quote {
                i += 1
                while i < n {
                    if bytes[i] == quote {
                        if i + 1 < n, bytes[i + 1] == quote { field.append(quote); i += 2; continue }
                        i += 1
                        break
                    }
                    if bytes[i] == lf { line += 1 }
                    field.append(bytes[i])
                    i += 1
                }
                from = i
            }
            while i < n, bytes[i] != comma, bytes[i] != lf, bytes[i] != cr { i += 1 }
            let value = field.isEmpty ? String(decoding: bytes[from..<i], as: UTF8.self)
                : String(decoding: field + bytes[from..<i], as: UTF8.self)
            fields.append(value)
            if i == n { break }
            if bytes[i] == comma {
                i += 1
                if i == n { fields.append("") }
                continue
            }
            // A line break (CRLF, LF or a lone CR) ends the record.
            if bytes[i] == cr, i + 1 < n, bytes[i + 1] == lf { i += 1 }
            i += 1
            out.append(Record(line: start, fields: fields))
            fields = []
            line += 1
            start = line
        }
        if !fields.isEmpty { out.append(Record(line: start, fields: fields)) }
        return out
    }

    /// One field as CSV writes it: quoted when it holds a comma, quote or line break.
    static func field(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    static func line(_ fields: [String]) -> String { fields.map(field).joined(separator: ",") + "\n" }
}
