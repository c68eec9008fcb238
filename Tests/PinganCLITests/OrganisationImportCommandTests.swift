import Foundation
import PinganCore
import PinganStore
import PinganStoreSQLite
import Testing

/// `pingan org import|export` and `pingan user list|disable|reset-password` on a real data
/// directory (issue 16): bad rows are reported by file and line and nothing is stored; the same
/// files imported twice change nothing; an export is an import's input.
@Suite("pingan org import and user commands")
struct OrganisationImportCommandTests {
    static let areas = """
        {"type":"FeatureCollection","features":[
        {"type":"Feature","properties":{"code":"HEL","level":"city","name":"赫尔辛基","nameEn":"Helsinki"},"geometry":null},
        {"type":"Feature","properties":{"code":"HEL-K","parent":"HEL","level":"district","name":"中区"},"geometry":null},
        {"type":"Feature","properties":{"code":"HEL-K1","parent":"HEL-K","level":"station","name":"中心站","lat":60.17,"lon":24.94},
         "geometry":{"type":"Polygon","coordinates":[[[24.90,60.15],[24.96,60.15],[24.96,60.19],[24.90,60.19],[24.90,60.15]]]}}]}
        """
    static let units = "callsign,kind,station,crew\nK1-1,patrolCar,HEL-K1,2\nK1-2,footPatrol,HEL-K1,1\n"
    static let users = "username,displayName,role,jurisdiction,unit\nduty1,值班员,dispatcher,HEL-K1,\nk1officer,\"Officer, K1\",fieldOfficer,HEL-K1,K1-2\n"

    /// Writes the three files into `dir` and returns the flags naming them.
    func files(_ dir: URL, units: String = Self.units) throws -> [String] {
        var flags: [String] = []
        for (flag, name, text) in [("--jurisdictions", "areas.geojson", Self.areas), ("--units", "units.csv", units), ("--users", "users.csv", Self.users)] {
            let url = dir.appendingPathComponent(name)
            try Data(text.utf8).write(to: url)
            flags += [flag, url.path]
        }
        return flags
    }

    func counts(_ dir: URL) async throws -> (jurisdictions: Int, units: Int, users: Int, events: Int64) {
        let store = try SQLiteStore(path: dir.appendingPathComponent("data/pingan.sqlite").path)
        return (try await store.jurisdictions(scope: .everything).count, try await store.units(scope: .everything).count,
                try await store.users(scope: .everything).count, try await store.lastSequence())
    }

    @Test func badRowsAreListedByLineAndNothingIsStored() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = "callsign,kind,station,crew\nK1-1,patrolCar,HEL-K1,2\nK1-3,boat,HEL-K1,2\nK1-4,patrolCar,NOWHERE,2\nK1-1,patrolCar,HEL-K1,2\nK1-5,drone,HEL-K1,many\n"
        let result = try PinganProcess.run(["org", "import", "--data-dir", dir.appendingPathComponent("data").path] + files(dir, units: bad))
        #expect(result.status != 0)
        for expected in ["units.csv:3: kind:", "units.csv:4: station: no jurisdiction with code NOWHERE", "units.csv:5: callsign: the same callsign as line 2",
                         "units.csv:6: crew:", "users.csv:3: unit: no unit with callsign K1-2", "5 bad row(s); nothing was stored"] {
            #expect(result.output.contains(expected), "\(expected) missing from: \(result.output)")
        }
        let stored = try await counts(dir)
        #expect(stored.jurisdictions == 0 && stored.units == 0 && stored.users == 0)
    }

    @Test func aSecondRunChangesNothingAndAnExportReadsBackTheSame() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = ["--data-dir", dir.appendingPathComponent("data").path]
        let dry = try PinganProcess.run(["org", "import", "--dry-run"] + data + files(dir))
        #expect(dry.status == 0 && dry.output.contains("would be created: 3 jurisdictions, 0 zones, 0 posts, 2 units, 2 users"), "\(dry.output)")
        #expect(try await counts(dir).jurisdictions == 0)
        let first = try PinganProcess.run(["org", "import", "--bcrypt-cost", "4"] + data + files(dir))
        #expect(first.status == 0, "\(first.output)")
        #expect(first.output.contains("created: 3 jurisdictions, 0 zones, 0 posts, 2 units, 2 users"), "\(first.output)")
        #expect(first.output.contains("one-time password for duty1: ") && first.output.contains("one-time password for k1officer: "))
        let after = try await counts(dir)
        #expect(after.jurisdictions == 3 && after.units == 2 && after.users == 2)
        let second = try PinganProcess.run(["org", "import"] + data + files(dir))
        #expect(second.output.contains("unchanged: 3 jurisdictions, 0 zones, 0 posts, 2 units, 2 users"), "\(second.output)")
        #expect(try await counts(dir).events == after.events)

        let out = dir.appendingPathComponent("export")
        #expect(try PinganProcess.run(["org", "export", "--dir", out.path] + data).status == 0)
        let exported = try String(contentsOf: out.appendingPathComponent("units.csv"), encoding: .utf8)
        #expect(exported == Self.units)
        let again = try PinganProcess.run(["org", "import", "--jurisdictions", out.appendingPathComponent("jurisdictions.geojson").path,
                                           "--units", out.appendingPathComponent("units.csv").path, "--users", out.appendingPathComponent("users.csv").path] + data)
        #expect(again.output.contains("unchanged: 3 jurisdictions, 0 zones, 0 posts, 2 units, 2 users"), "\(again.output)")

        // Imported users must change their one-time password; the shell lists, disables and resets.
        let list = try PinganProcess.run(["user", "list"] + data)
        #expect(list.output.contains("duty1\tdispatcher\tHEL-K1\tmust change password"), "\(list.output)")
        #expect(try PinganProcess.run(["user", "disable", "--username", "duty1"] + data).status == 0)
        #expect(try PinganProcess.run(["user", "list"] + data).output.contains("duty1\tdispatcher\tHEL-K1\tdisabled"))
        let reset = try PinganProcess.run(["user", "reset-password", "--username", "k1officer", "--bcrypt-cost", "4"] + data)
        #expect(reset.status == 0 && reset.output.contains("New one-time password for k1officer: "), "\(reset.output)")
        #expect(try PinganProcess.run(["user", "disable", "--username", "nobody"] + data).status != 0)
    }
}
