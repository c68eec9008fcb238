import Foundation
import Testing
@testable import PinganBench

@Suite("I/O pressure read from the kernel's format")
struct IOPressureTests {
    @Test func theSomeLinesTenSecondAverageIsRead() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("io-pressure-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try """
            some avg10=10.13 avg60=7.04 avg300=2.84 total=97932641
            full avg10=5.26 avg60=3.68 avg300=1.50 total=51600341

            """.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(IOPressure.someAvg10(path: path) == 10.13)
        try "full avg10=5.26 avg60=3.68 avg300=1.50 total=1\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(IOPressure.someAvg10(path: path) == nil)
        #expect(IOPressure.someAvg10(path: path + "-absent") == nil)
    }
}
