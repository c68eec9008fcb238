import Foundation
import Testing

/// `pingan replay` as a planner runs it: a call file in, a policy comparison out, bad rows
/// counted with their line numbers, and Ctrl-C giving a partial report.
@Suite("pingan replay", .serialized)
struct ReplayCommandTests {
    /// Runs `pingan ARGS`, keeping stdout (the report) apart from stderr (progress and notes);
    /// with `interruptOn`, sends SIGINT as soon as stderr shows that text.
    static func replay(_ arguments: [String], interruptOn: String? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pingan-replay-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out"), err = dir.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = try PinganProcess.binary
        process.arguments = ["replay"] + arguments
        let outHandle = try FileHandle(forWritingTo: out), errHandle = try FileHandle(forWritingTo: err)
        defer { try? outHandle.close(); try? errHandle.close() }
        process.standardOutput = outHandle
        process.standardError = errHandle
        try process.run()
        if let interruptOn {
            let since = Date()
            while process.isRunning, Date().timeIntervalSince(since) < 120,
                  !String(decoding: (try? Data(contentsOf: err)) ?? Data(), as: UTF8.self).contains(interruptOn) {
                Thread.sleep(forTimeInterval: 0.05)
            }
            kill(process.processIdentifier, SIGINT)
        }
        process.waitUntilExit()
        return (process.terminationStatus, try String(contentsOf: out, encoding: .utf8), String(decoding: try Data(contentsOf: err), as: UTF8.self))
    }

    static var map: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../data/osm/shanghai_center.osm.xz").standardized.path
    }

    /// A Montgomery-format call file: 40 good calls five minutes apart around Norristown, PA,
    /// and, on lines 12, 23 and 31, an unparseable time, a place far outside the county and a
    /// row cut short.
    static func callFile() throws -> String {
        var lines = ["lat,lng,desc,zip,title,timeStamp,twp,addr,e"]
        let titles = ["EMS: FALL VICTIM", "Traffic: VEHICLE ACCIDENT -", "Fire: FIRE ALARM", "EMS: RESPIRATORY EMERGENCY"]
        var good = 0
        while good < 40 {
            let line = lines.count + 1
            switch line {
            case 12: lines.append("40.12,-75.34,X,19401,EMS: FALL VICTIM,not a time,NORRISTOWN,MAIN ST,1")
            case 23: lines.append("48.85,2.35,X,19401,EMS: FALL VICTIM,2016-01-01 10:00:00,PARIS,RUE,1")
            case 31: lines.append("40.12,-75.34,X")
            default:
                let minutes = good * 5
                let lat = 40.05 + Double(good % 8) * 0.03, lon = -75.45 + Double(good / 8) * 0.05
                lines.append(String(format: "%.5f,%.5f,X,19401,%@,2016-01-01 %02d:%02d:00,NORRISTOWN,MAIN ST,1",
                                    lat, lon, titles[good % titles.count], minutes / 60, minutes % 60))
                good += 1
            }
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pingan-calls-\(UUID().uuidString).csv").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func comparesPoliciesAndCountsBadRowsByLine() throws {
        let calls = try Self.callFile()
        defer { try? FileManager.default.removeItem(atPath: calls) }
        let run = try Self.replay(["--calls", calls, "--preset", "montgomery", "--map", Self.map, "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stdout)")
        #expect((report["calls"] as? Int ?? 0) + (report["calls_off_network"] as? Int ?? 0) == 40)
        #expect(report["calls_skipped"] as? Int == 3)
        #expect((report["wall_s"] as? Double ?? -1) >= 0 && report["partial"] as? Bool == false)
        let policies = try #require(report["policies"] as? [String: [String: Any]])
        #expect(Set(policies.keys).isSuperset(of: ["roadTime+fixedPosts", "straightLine+fixedPosts", "zoneOwn+fixedPosts"]), "\(policies.keys)")
        for (name, p) in policies {
            let shares = ["reached_1min", "reached_3min", "reached_5min"].compactMap { p[$0] as? Double }
            #expect(shares.count == 3 && shares[0] <= shares[1] && shares[1] <= shares[2] && shares[2] <= 1, "\(name): \(shares)")
            #expect((p["median_response_s"] as? Double ?? -1) > 0, "\(name)")
        }
        for line in [12, 23, 31] { #expect(run.stderr.contains("line \(line)"), "no note for line \(line): \(run.stderr)") }
    }

    @Test func strictStopsAtTheFirstBadRowWithItsLine() throws {
        let calls = try Self.callFile()
        defer { try? FileManager.default.removeItem(atPath: calls) }
        let run = try Self.replay(["--calls", calls, "--preset", "montgomery", "--map", Self.map, "--json", "--strict"])
        #expect(run.status != 0 && run.status < 128, "status \(run.status)")
        #expect(run.stderr.contains("line 12") && run.stdout.isEmpty, "\(run.stderr)")
    }

    @Test func aPlanWithoutUnitsOrNamingUnknownStationsIsRefused() throws {
        let dir = FileManager.default.temporaryDirectory
        let empty = dir.appendingPathComponent("pingan-plan-\(UUID().uuidString).json").path
        try #"{"name": "empty", "simulated": true, "stations": [], "zones": [], "posts": [], "units": []}"#.write(toFile: empty, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: empty) }
        let run = try Self.replay(["--generate-days", "1", "--map", Self.map, "--plan", empty, "--json"])
        #expect(run.status != 0 && run.status < 128 && run.stderr.contains("has no stations"), "\(run.status): \(run.stderr)")

        let unknown = dir.appendingPathComponent("pingan-plan-\(UUID().uuidString).json").path
        try #"""
        {"name": "typo", "simulated": true, "stations": [{"id": "s1", "name": "S1", "district": "d", "location": {"lat": 31.23, "lon": 121.47}}],
         "zones": [], "posts": [],
         "units": [{"id": "u1", "callsign": "P-1", "kind": "patrolCar", "station": "s9", "shift": {"startHour": 0, "endHour": 0}}]}
        """#.write(toFile: unknown, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: unknown) }
        let typo = try Self.replay(["--generate-days", "1", "--map", Self.map, "--plan", unknown, "--json"])
        #expect(typo.status != 0 && typo.status < 128 && typo.stderr.contains("s9"), "\(typo.status): \(typo.stderr)")
    }

    @Test func ctrlCStopsWithAPartialReport() throws {
        // Interrupted once the demo city is built, before or while a year of generated calls
        // (about 140,000, seconds of simulation even in a release build) is simulated.
        let run = try Self.replay(["--generate-days", "365", "--map", Self.map, "--json"], interruptOn: "demo city (simulated)")
        #expect(run.status == 0, "\(run.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stdout.prefix(300))")
        #expect(report["partial"] as? Bool == true)
        #expect(run.stderr.contains("stopped early"))
    }
}
