import Foundation

/// The kernel's pressure-stall figure for I/O (`/proc/pressure/io`, "some avg10"): the share of
/// the last ten seconds in which some task waited on the disk. A durable benchmark's fsyncs wait
/// on a disk the host may throttle: on this project's 2-core VM, after several sensing runs back
/// to back it read over 10 %, and that run's `alert_p50_ms` was 720 ms against 8–11 ms in the
/// runs just before. Printed beside the latencies so a slow run says whether the disk was the cause.
public enum IOPressure {
    /// Percent, or nil where the kernel does not report it.
    public static func someAvg10(path: String = "/proc/pressure/io") -> Double? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("some ") }),
              let field = line.split(separator: " ").first(where: { $0.hasPrefix("avg10=") }) else { return nil }
        return Double(field.dropFirst("avg10=".count))
    }
}
