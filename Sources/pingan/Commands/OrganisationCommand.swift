import ArgumentParser
import Foundation
import PinganApp
import PinganCore
import PinganServer
import PinganStore

/// `pingan org …`: a city's organisation from files, for scripted installs (the console's
/// guided setup does the same through `POST /v1/import`).
struct OrganisationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "org", abstract: "Import or export a city's organisation (GeoJSON and CSV).",
                                                    subcommands: [ImportFiles.self, ExportFiles.self])

    /// `pingan org import`: every file checked before anything is stored.
    struct ImportFiles: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import jurisdictions with areas, zones, posts, units and users; bad rows are listed by file and line and nothing is stored.",
            discussion: """
                Formats: --jurisdictions and --zones are GeoJSON FeatureCollections (properties code, parent, level, name, nameEn, lat, lon; \
                the Polygon or MultiPolygon geometry is the area | properties station, name and a Polygon); --posts is CSV station,name,kind,lat,lon; \
                --units CSV callsign,kind,station,crew; --users CSV username,displayName,role,jurisdiction,unit. Codes name jurisdictions. \
                Running the same files again changes nothing. New users' one-time passwords are printed once.
                """)
        @Option(help: "GeoJSON of jurisdictions and their areas.") var jurisdictions: String?
        @Option(help: "GeoJSON of patrol zones.") var zones: String?
        @Option(help: "CSV of posts, checkpoints and cameras.") var posts: String?
        @Option(help: "CSV of units.") var units: String?
        @Option(help: "CSV of users.") var users: String?
        @Flag(help: "Check and count only; store nothing.") var dryRun = false
        @Option(help: "bcrypt cost for the one-time passwords (4-31).") var bcryptCost = 10
        @OptionGroup var storeOptions: StoreOptions

        func validate() throws {
            guard [jurisdictions, zones, posts, units, users].contains(where: { $0 != nil }) else {
                throw ValidationError("give at least one of --jurisdictions, --zones, --posts, --units, --users")
            }
        }

        func run() async throws {
            func text(_ path: String?) throws -> String? {
                guard let path else { return nil }
                guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read \(path)") }
                guard let s = String(data: data, encoding: .utf8) else { throw ValidationError("\(path) is not UTF-8") }
                return s
            }
            func json(_ path: String?) throws -> JSONValue? {
                guard let s = try text(path) else { return nil }
                do { return try JSONValue.parse(Array(s.utf8)).value } catch { throw ValidationError("\(path!) is not JSON: \(error)") }
            }
            let files: [String: String?] = ["jurisdictions": jurisdictions, "zones": zones, "posts": posts, "units": units, "users": users]
            do {
                let (rows, problems) = ImportFormats.read(.init(jurisdictions: try json(jurisdictions), zones: try json(zones), posts: try text(posts),
                                                                units: try text(units), users: try text(users)))
                let started = Date()
                let summary = try await storeOptions.open().use { store in
                    let imports = AppServices(store: store).imports
                    let (names, taken) = try await imports.newUsernames(rows, by: .shellOperator)
                    let all = problems + taken
                    var oneTime: [String: (password: String, hash: String)] = [:]
                    if !dryRun && all.isEmpty {
                        for name in names {
                            let password = Passwords.oneTime()
                            oneTime[name] = (password, try await Passwords.hash(password, cost: bcryptCost))
                        }
                    }
                    return try await imports.run(rows, problems: all, dryRun: dryRun || !all.isEmpty, oneTime: oneTime, by: .shellOperator)
                }
                let seconds = Date().timeIntervalSince(started)
                for (name, counts) in [("created", summary.created), ("updated", summary.updated), ("unchanged", summary.unchanged)] {
                    print("\(dryRun && name != "unchanged" ? "would be " : "")\(name): \(counts.jurisdictions) jurisdictions, \(counts.zones) zones, "
                          + "\(counts.posts) posts, \(counts.units) units, \(counts.users) users")
                }
                for p in summary.passwords { print("one-time password for \(p.username): \(p.password)") }
                print(String(format: "%@ in %.2f s", dryRun ? "checked" : "imported", seconds))
            } catch let rejected as OrganisationImport.Rejected {
                var err = FileHandleOutputStream.standardError
                for p in rejected.problems {
                    let file = (files[p.section] ?? nil) ?? p.section
                    print("\(file):\(p.line): \(p.field.map { "\($0): " } ?? "")\(p.message)", to: &err)
                }
                throw ValidationError("\(rejected.problems.count) bad row(s); nothing was stored")
            } catch let error as DomainError {
                throw ValidationError(error.message)
            }
        }
    }

    /// `pingan org export`: the files `org import` reads, into a folder.
    struct ExportFiles: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "export", abstract: "Write jurisdictions.geojson, zones.geojson, posts.csv, units.csv and users.csv to a folder.")
        @Option(help: "Folder to write to (created if missing).") var dir: String
        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let written: [String] = try await storeOptions.open().use { store in
                let imports = AppServices(store: store).imports
                var out: [String] = []
                for section in OrganisationImport.Section.allCases {
                    let name = section.rawValue + (section == .jurisdictions || section == .zones ? ".geojson" : ".csv")
                    let path = (dir as NSString).appendingPathComponent(name)
                    try Data(try await imports.export(section, by: .shellOperator).utf8).write(to: URL(fileURLWithPath: path))
                    out.append(path)
                }
                return out
            }
            print("Wrote " + written.joined(separator: ", "))
        }
    }
}

/// `print(…, to:)` for standard error.
struct FileHandleOutputStream: TextOutputStream {
    let handle: FileHandle
    static var standardError: FileHandleOutputStream { FileHandleOutputStream(handle: .standardError) }
    mutating func write(_ string: String) { handle.write(Data(string.utf8)) }
}
