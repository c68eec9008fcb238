import Foundation
import Hummingbird
import PinganApp
import PinganCore
import PinganStore

/// A city's organisation in bulk: `POST /v1/import` takes the GeoJSON and CSV files an
/// administrator brings (see `ImportFormats`), checks them whole, and stores them in one
/// transaction or reports every bad row; `GET /v1/export` gives each section back in the same
/// format.
struct ImportController {
    typealias Context = PinganRequestContext
    let deps: Dependencies

    struct ImportRequest: RequestBody {
        var dryRun: Bool?
        var jurisdictions: JSONValue?
        var zones: JSONValue?
        var posts: String?
        var units: String?
        var users: String?
        /// A GeoJSON FeatureCollection whose features carry `properties` (the section's own).
        static func featureCollection(_ properties: Schema) -> Schema {
            let feature = Schema.record(["type": .strings(["Feature"]), "properties": properties, "geometry": .nullable(.area),
                                         "id": .string(.init(maxLength: 200)), "bbox": .array(.number(), max: 6)], optional: ["id", "bbox"])
            return .record(["type": .strings(["FeatureCollection"]), "features": .array(feature, max: 200_000), "name": .text(max: 200),
                            "bbox": .array(.number(), max: 6)], optional: ["name", "bbox"])
        }
        static let jurisdictionProperties = Schema.record([
            "code": .code, "parent": .code, "level": .oneOf(JurisdictionLevel.self), "name": .text(max: 100), "nameEn": .text(max: 100, required: false),
            "lat": .number(min: -90, max: 90), "lon": .number(min: -180, max: 180),
        ], optional: ["parent", "nameEn", "lat", "lon"])
        static let zoneProperties = Schema.record(["station": .code, "name": .text(max: 100)])
        static let csv = Schema.string(.init(maxLength: 64 << 20))
        static let schema = Schema.record([
            "dryRun": .boolean, "jurisdictions": featureCollection(jurisdictionProperties), "zones": featureCollection(zoneProperties),
            "posts": csv, "units": csv, "users": csv,
        ], optional: ["dryRun", "jurisdictions", "zones", "posts", "units", "users"])
    }

    func addRoutes(to group: RouterGroup<Context>) {
        group.post("import", use: importFiles)
        group.post("import/incidents", use: importHistory)
        group.get("export", use: export)
    }

    @Sendable func importFiles(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.manageOrganisation)
        let reader = BodyReader(limit: deps.configuration.importBodyLimit)
        let input = try reader.decode(ImportRequest.self, from: try await reader.bytes(request))
        if input.users != nil, !user.role.may(.manageUsers) { throw DomainError(.forbidden, field: "users", "role \(user.role.rawValue) may not add users") }
        let (rows, problems) = ImportFormats.read(.init(jurisdictions: input.jurisdictions, zones: input.zones, posts: input.posts,
                                                        units: input.units, users: input.users))
        guard !rows.isEmpty || !problems.isEmpty else { throw DomainError.invalid("jurisdictions", "nothing to import: give at least one of jurisdictions, zones, posts, units, users") }
        let dryRun = input.dryRun ?? false
        let (names, taken) = try await deps.app.imports.newUsernames(rows, by: user)
        let all = problems + taken
        let oneTime = dryRun || !all.isEmpty ? [:] : try await Self.oneTimePasswords(for: names, cost: min(deps.configuration.bcryptCost, 10))
        let summary = try await deps.app.imports.run(rows, problems: all, dryRun: dryRun || !all.isEmpty, oneTime: oneTime, by: user)
        return try JSONReply(.ok, summary).response
    }

    /// Fresh one-time passwords for `names`, hashed in parallel. Their owners replace them at
    /// first sign-in, so a lower bcrypt cost (at most 10) keeps importing a station's hundred
    /// officers to seconds instead of minutes.
    static func oneTimePasswords(for names: [String], cost: Int) async throws -> [String: (password: String, hash: String)] {
        try await withThrowingTaskGroup(of: (String, String, String).self) { group in
            for name in names {
                group.addTask {
                    let password = Passwords.oneTime()
                    return (name, password, try await Passwords.hash(password, cost: cost))
                }
            }
            var out: [String: (password: String, hash: String)] = [:]
            for try await (name, password, hash) in group { out[name] = (password, hash) }
            return out
        }
    }

    /// `?section=jurisdictions|zones` (GeoJSON) or `posts|units|users` (CSV): what the caller's
    /// scope holds, active only, in the format `POST /v1/import` reads.
    @Sendable func export(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.manageOrganisation)
        guard let raw = request.uri.queryParameters["section"], let section = OrganisationImport.Section(rawValue: String(raw)) else {
            throw Problem.invalidField("section", "section must be one of \(OrganisationImport.Section.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if section == .users, !user.role.may(.manageUsers) { throw DomainError(.forbidden, field: "section", "role \(user.role.rawValue) may not list users") }
        let text = try await deps.app.imports.export(section, by: user)
        var headers = HTTPFields()
        let geo = section == .jurisdictions || section == .zones
        headers[.contentType] = geo ? "application/geo+json" : "text/csv; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"\(section.rawValue).\(geo ? "geojson" : "csv")\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
