import PinganGeo
import PinganCore
/// Streams RFC 4180 CSV records from a (possibly gzipped) file: quoted fields, doubled quotes,
/// commas and newlines inside quotes, CRLF or LF, blank lines skipped.
///
/// Fields are kept as bytes in one reused buffer, not as `String`s: a 100 000-row export is
/// parsed without a per-field allocation, and the caller decides which fields to decode (and
/// can report invalid UTF-8 in exactly the column that has it). Not Sendable: one reader per file.
final class CSVRecordReader {
    private let source: CompressedFileReader
    private var buffer: [UInt8] = []
    private var pos = 0
    private var atEnd = false
    private var line = 1
    /// Bytes of every field of the current record, back to back.
    private(set) var storage: [UInt8] = []
    /// End offset in `storage` of each field of the current record.
    private(set) var fieldEnds: [Int] = []
    /// 1-based line on which the current record starts.
    private(set) var recordLine = 0
    /// Longest record accepted; a longer one is almost always a quote that never closes.
    let maxRecordBytes = 1 << 20

    var path: String { source.path }

    init(path: String) throws(AnalyticsError) {
        do { source = try CompressedFileReader(path: path) } catch { throw AnalyticsError(reading: error, path: path) }
        buffer.reserveCapacity(1 << 17)
    }

    var fieldCount: Int { fieldEnds.count }

    /// The bytes of field `i` of the current record.
    func field(_ i: Int) -> ArraySlice<UInt8> {
        let start = i == 0 ? 0 : fieldEnds[i - 1]
        return storage[start..<fieldEnds[i]]
    }

    /// Field `i` as text, or nil when it is not valid UTF-8.
    func string(_ i: Int) -> String? {
        field(i).withUnsafeBytes { String(wellFormedUTF8: $0) }
    }

    private func refill() throws(AnalyticsError) -> Bool {
        if atEnd { return false }
        if pos > 0 { buffer.removeFirst(pos); pos = 0 }
        let n: Int
        do { n = try source.read(into: &buffer, max: 1 << 16) } catch { throw AnalyticsError(reading: error, path: source.path) }
        if n == 0 { atEnd = true; return false }
        return true
    }

    /// Advances to the next record; false at the end of the file.
    func next() throws(AnalyticsError) -> Bool {
        storage.removeAll(keepingCapacity: true)
        fieldEnds.removeAll(keepingCapacity: true)
        recordLine = line
        var inQuotes = false, justClosedQuote = false, fieldStart = true, sawContent = false
        let quote: UInt8 = 0x22, comma: UInt8 = 0x2C, lf: UInt8 = 0x0A, cr: UInt8 = 0x0D
        while true {
            if pos >= buffer.count {
                if try !refill() {
                    if inQuotes {
                        throw AnalyticsError(.badRow, "quoted field never closes (file ends inside quotes)", file: source.path, line: recordLine)
                    }
                    if !sawContent { return false }
                    fieldEnds.append(storage.count)
                    return true
                }
            }
            // Fast path: copy a whole run of ordinary bytes at once.
            let start = pos
            let runEnd = buffer.withUnsafeBufferPointer { p -> Int in
                var i = start
                if inQuotes {
                    while i < p.count && p[i] != quote && p[i] != lf { i += 1 }
                } else {
                    while i < p.count {
                        let c = p[i]
                        if c == quote || c == comma || c == lf || c == cr { break }
                        i += 1
                    }
                }
                return i
            }
            if runEnd > start {
                storage.append(contentsOf: buffer[start..<runEnd])
                pos = runEnd
                if inQuotes {
                    if storage.count > maxRecordBytes {
                        throw AnalyticsError(.badRow, "record longer than \(maxRecordBytes) bytes (unbalanced quote?)", file: source.path, line: recordLine)
                    }
                } else {
                    fieldStart = false
                    sawContent = true
                    justClosedQuote = false
                }
                continue
            }
            let b = buffer[pos]
            pos += 1
            if inQuotes {
                if b == quote { inQuotes = false; justClosedQuote = true; continue }
                if b == lf { line += 1 }
                storage.append(b)
                if storage.count > maxRecordBytes {
                    throw AnalyticsError(.badRow, "record longer than \(maxRecordBytes) bytes (unbalanced quote?)", file: source.path, line: recordLine)
                }
                continue
            }
            if b == quote && justClosedQuote { storage.append(quote); inQuotes = true; justClosedQuote = false; continue }
            justClosedQuote = false
            switch b {
            case comma:
                fieldEnds.append(storage.count)
                fieldStart = true
                sawContent = true
            case lf:
                line += 1
                if !sawContent {
                    recordLine = line
                    continue
                }
                fieldEnds.append(storage.count)
                return true
            case cr:
                continue
            case quote where fieldStart:
                inQuotes = true
                fieldStart = false
                sawContent = true
            default:
                storage.append(b)
                fieldStart = false
                sawContent = true
            }
        }
    }
}

extension AnalyticsError {
    /// The road engine's file errors in the call reader's terms: missing file, I/O, or corrupt data.
    init(reading error: any Error, path: String) {
        guard let geo = error as? GeoError else {
            self.init(.io, "\(error)", file: path)
            return
        }
        switch geo.kind {
        case .fileNotFound: self.init(.fileNotFound, "cannot open call file: \(geo.message)", file: path)
        case .io: self.init(.io, geo.message, file: path)
        default: self.init(.corrupt, geo.message, file: path)
        }
    }
}
