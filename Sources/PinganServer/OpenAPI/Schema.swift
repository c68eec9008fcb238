import PinganCore

/// The JSON Schema of a request or response body, a query parameter or a component, as the
/// OpenAPI document prints it. Request bodies are checked against the same value before they
/// are decoded (`BodyReader.check`: unknown fields, nesting), and every bound here is the bound
/// the core enforces, so a body the document calls valid is one the server reads; schemathesis
/// holds the two to that in CI.
indirect enum Schema: Sendable {
    case string(StringRules)
    case integer(min: Int? = nil, max: Int? = nil)
    case number(min: Double? = nil, max: Double? = nil)
    case boolean
    case array(Schema, min: Int? = nil, max: Int? = nil, unique: Bool = false)
    /// `open` objects may carry members not listed (responses that grow); request objects never do.
    case object([String: Schema], required: [String] = [], open: Bool = false)
    /// A named component, `#/components/schemas/NAME`.
    case ref(String)
    /// Any JSON value (event payloads, which differ by type).
    case any(String)
    case nullable(Schema)
    /// Exactly this value.
    case constant(JSONValue)
    /// An object used as a dictionary: any keys matching `keys`, each value a `values`.
    case map(Schema, keys: StringRules)
    /// An object that must carry exactly one of `keys` (a message's audience).
    case choice(Schema, oneOf: [String])
    /// A value of any of these shapes (a GeoJSON position list's items: numbers in a Polygon,
    /// positions in a MultiPolygon).
    case anyOf([Schema])

    struct StringRules: Sendable {
        var minLength: Int?
        var maxLength: Int?
        var pattern: String?
        var format: String?
        var values: [String]?
        /// Values refused (a map's reserved keys).
        var excluded: [String]?
    }

    // MARK: Building blocks

    /// Characters `TextRules` refuses: controls (line breaks too, unless multiline) and the
    /// bidirectional embeddings, overrides and isolates.
    static let refused = #"\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069"#
    static let refusedMultiline = #"\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069"#

    /// Free text as `TextRules.check` takes it: at most `max` characters, no refused character,
    /// and, when required, something other than spaces.
    static func text(max: Int, required: Bool = true, multiline: Bool = false) -> Schema {
        let allowed = "[^\(multiline ? refusedMultiline : refused)]"
        let pattern = required ? "^\(allowed)*[^\\s\(multiline ? refusedMultiline : refused)]\(allowed)*$" : "^\(allowed)*$"
        return .string(StringRules(minLength: required ? 1 : nil, maxLength: max, pattern: pattern))
    }

    /// An identifier of something stored; unknown ones are simply not found.
    static let id = Schema.string(StringRules(minLength: 1, maxLength: 200, pattern: #"^[^\u0000-\u001F\u007F-\u009F/]+$"#))
    static let dateTime = Schema.string(StringRules(format: "date-time"))
    static let coordinate = Schema.record(["lat": .number(min: -90, max: 90), "lon": .number(min: -180, max: 180)])
    /// An incident category code: one of the standard catalogue's or a local one a policy added
    /// (`GET /v1/categories` lists those open to the caller; another answers 409 `unknown_category`).
    static let category = Schema.string(StringRules(minLength: 1, maxLength: 32, pattern: "^[A-Za-z0-9_-]+$"))
    /// A jurisdiction or unit code: ASCII letters, digits, `-` and `_`.
    static let code = Schema.string(StringRules(minLength: 1, maxLength: 32, pattern: "^[A-Za-z0-9_-]+$"))

    /// Whole numbers as large as JSON carries exactly (2^53 - 1): versions, sequence numbers.
    static func count(min: Int) -> Schema { .integer(min: min, max: 9_007_199_254_740_991) }
    static let version = Schema.count(min: 1)
    static let username = Schema.string(StringRules(minLength: 1, maxLength: 64, pattern: "^[A-Za-z0-9._-]+$"))
    /// At least 10 characters, no NUL; longer than bcrypt's 72 bytes is fine (see `Passwords`).
    static let password = Schema.string(StringRules(minLength: 10, maxLength: 1024, pattern: "^[^\\u0000]+$"))
    /// A zone ring: 3 to 5000 points (a closing repeat of the first is dropped); the core also
    /// refuses rings that cross themselves, which a schema cannot say (422 `invalid_geometry`).
    static let zoneRing = Schema.array(coordinate, min: 3, max: 5000)
    /// One daily shift of a zone's patrol plan; the core also refuses points outside the zone and
    /// a unit in two shifts at once (422).
    static let zoneShift = Schema.record([
        "name": .text(max: 40), "startMinute": .integer(min: 0, max: 1439), "lengthMinutes": .integer(min: 30, max: 1440),
        "requiredMinutes": .integer(min: 0, max: 1440), "unitIDs": .array(.id, max: 50, unique: true),
        "points": .array(.record(["name": .text(max: 100), "location": coordinate, "dwellMinutes": .integer(min: 0, max: 1440),
                                  "radiusMetres": .integer(min: 10, max: 500)], optional: ["dwellMinutes", "radiusMetres"]),
                         max: ZoneShift.maxPoints),
    ], optional: ["points"])
    /// A jurisdiction's area: a GeoJSON Polygon or MultiPolygon geometry (`[lon, lat]` positions).
    static let area = Schema.record([
        "type": .strings(["Polygon", "MultiPolygon"]),
        "coordinates": .array(.array(.array(.anyOf([.number(min: -180, max: 180), .array(.number(min: -180, max: 180), min: 2, max: 3)]),
                                            min: 1, max: 50_000), min: 1), min: 1, max: 1000),
    ])

    static func oneOf<E: CaseIterable & RawRepresentable>(_ type: E.Type) -> Schema where E.RawValue == String {
        .string(StringRules(values: E.allCases.map(\.rawValue)))
    }

    static func strings(_ values: [String]) -> Schema { .string(StringRules(values: values)) }

    /// An object whose listed members are all required unless named in `optional`.
    /// Optional members may also be sent as `null`, which the server reads as absent.
    static func record(_ members: [String: Schema], optional: Set<String> = [], open: Bool = false) -> Schema {
        var typed = members
        for name in optional { typed[name] = typed[name].map { .nullable($0) } }
        return .object(typed, required: members.keys.filter { !optional.contains($0) }.sorted(), open: open)
    }

    // MARK: Rendering

    var json: JSONValue {
        switch self {
        case .string(let r):
            var o: [String: JSONValue] = ["type": "string"]
            if let v = r.minLength { o["minLength"] = .number(Double(v)) }
            if let v = r.maxLength { o["maxLength"] = .number(Double(v)) }
            if let v = r.pattern { o["pattern"] = .string(v) }
            if let v = r.format { o["format"] = .string(v) }
            if let v = r.values { o["enum"] = .array(v.map(JSONValue.string)) }
            return .object(o)
        case .integer(let min, let max):
            var o: [String: JSONValue] = ["type": "integer"]
            if let min { o["minimum"] = .number(Double(min)) }
            if let max { o["maximum"] = .number(Double(max)) }
            return .object(o)
        case .number(let min, let max):
            var o: [String: JSONValue] = ["type": "number"]
            if let min { o["minimum"] = .number(min) }
            if let max { o["maximum"] = .number(max) }
            return .object(o)
        case .boolean:
            return .object(["type": "boolean"])
        case .array(let items, let min, let max, let unique):
            var o: [String: JSONValue] = ["type": "array", "items": items.json]
            if let min { o["minItems"] = .number(Double(min)) }
            if let max { o["maxItems"] = .number(Double(max)) }
            if unique { o["uniqueItems"] = true }
            return .object(o)
        case .object(let members, let required, let open):
            var o: [String: JSONValue] = ["type": "object", "properties": .object(members.mapValues(\.json))]
            if !required.isEmpty { o["required"] = .array(required.sorted().map(JSONValue.string)) }
            if !open { o["additionalProperties"] = false }
            return .object(o)
        case .ref(let name):
            return .object(["$ref": .string("#/components/schemas/\(name)")])
        case .any(let description):
            return .object(["description": .string(description)])
        case .nullable(let inner):
            return .object(["anyOf": .array([inner.json, .object(["type": "null"])])])
        case .constant(let value):
            return .object(["const": value])
        case .map(let values, let keys):
            guard case .object(var names) = Schema.string(keys).json else { return .null }
            names["type"] = nil
            if let excluded = keys.excluded { names["not"] = .object(["enum": .array(excluded.map(JSONValue.string))]) }
            return .object(["type": "object", "additionalProperties": values.json, "propertyNames": .object(names)])
        case .anyOf(let variants):
            return .object(["anyOf": .array(variants.map(\.json))])
        case .choice(let inner, let keys):
            guard case .object(var o) = inner.json else { return inner.json }
            // Present and not null: the server reads null as absent.
            o["oneOf"] = .array(keys.map { key in
                .object(["required": .array([.string(key)]), "properties": .object([key: .object(["not": .object(["type": "null"])])])])
            })
            return .object(o)
        }
    }

    /// The members of an object schema, for the body check; nil for anything else.
    var members: [String: Schema]? {
        if case .object(let m, _, _) = self { return m }
        return nil
    }
}
