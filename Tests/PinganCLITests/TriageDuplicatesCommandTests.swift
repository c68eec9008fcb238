import Foundation
import Testing

/// `pingan triage duplicates` as an analyst runs it on a call file.
@Suite("pingan triage duplicates")
struct TriageDuplicatesCommandTests {
    /// A Montgomery-format file: a crash logged by EMS, traffic and fire within two minutes, a
    /// fall across town, and the same crash title at another crossing three hours later.
    static func callFile() -> String {
        let text = """
        lat,lng,desc,zip,title,timeStamp,twp,addr,e
        40.12000,-75.34000,X,19401,EMS: VEHICLE ACCIDENT,2016-01-01 10:00:00,NORRISTOWN,MAIN ST & SWEDE ST,1
        40.12010,-75.34005,X,19401,Traffic: VEHICLE ACCIDENT -,2016-01-01 10:01:00,NORRISTOWN,MAIN ST & SWEDE ST,1
        40.12000,-75.34000,X,19401,Fire: VEHICLE ACCIDENT,2016-01-01 10:02:00,NORRISTOWN,MAIN ST & SWEDE ST,1
        40.20000,-75.20000,X,19401,EMS: FALL VICTIM,2016-01-01 10:05:00,AMBLER,BUTLER PIKE,1
        40.15000,-75.30000,X,19401,Traffic: VEHICLE ACCIDENT -,2016-01-01 13:00:00,NORRISTOWN,MARKHAM RD,1

        """
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("montgomery-triage-\(UUID().uuidString).csv").path
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }

    @Test func countsMergesAndShowsThemWithReasons() throws {
        let path = Self.callFile()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (status, output) = try PinganProcess.run(["triage", "duplicates", "--calls", path, "--preset", "montgomery", "--samples", "5"])
        #expect(status == 0, "\(output)")
        #expect(output.contains("calls: 5"))
        #expect(output.contains("merged: 2 calls join an earlier one"))
        #expect(output.contains("clusters: 1 of two or more calls (largest 3); 3 incidents after merging"))
        #expect(output.contains("threshold: 0.60"))
        #expect(output.contains("2 random merges (seed 1):"))
        #expect(output.contains("near:") && output.contains("sameCategory"))
        #expect(output.contains("2016-01-01 10:01:00  Traffic: VEHICLE ACCIDENT -  @ MAIN ST & SWEDE ST, NORRISTOWN"))
    }

    @Test func badInputFailsWithAMessage() throws {
        let missing = try PinganProcess.run(["triage", "duplicates", "--calls", "/nonexistent/montgomery.csv.gz"])
        #expect(missing.status != 0 && missing.output.contains("cannot open call file"), "\(missing.output)")
        let path = Self.callFile()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let threshold = try PinganProcess.run(["triage", "duplicates", "--calls", path, "--threshold", "1.5"])
        #expect(threshold.status != 0 && threshold.output.contains("--threshold must be in (0, 1]"), "\(threshold.output)")
        let unknown = try PinganProcess.run(["triage", "duplicates", "--calls", "/tmp/calls.csv"])
        #expect(unknown.status != 0 && unknown.output.contains("--preset"), "\(unknown.output)")
    }
}
