import Foundation

/// Finds a key that appears twice in one JSON object. JSON leaves the meaning of duplicates
/// open and `JSONDecoder` silently keeps one, so two parsers (a proxy's and ours) could read
/// one body differently; the server refuses such bodies instead.
///
/// Runs only on bodies already known to be well-formed JSON, with an explicit stack (no
/// recursion), in one pass.
enum DuplicateKeys {
    static func first(in data: Data) -> String? {
        let bytes = [UInt8](data)
        // One entry per open container: the keys seen so far for objects, nil for arrays.
        var stack: [Set<String>?] = []
        var expectingKey = false
        var i = 0
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "{"):
                stack.append([])
                expectingKey = true
                i += 1
            case UInt8(ascii: "["):
                stack.append(nil)
                expectingKey = false
                i += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if !stack.isEmpty { stack.removeLast() }
                expectingKey = false
                i += 1
            case UInt8(ascii: ","):
                expectingKey = stack.last.map { $0 != nil } ?? false
                i += 1
            case UInt8(ascii: "\""):
                let start = i
                var escaped = false
                i += 1
                while i < bytes.count && bytes[i] != UInt8(ascii: "\"") {
                    if bytes[i] == UInt8(ascii: "\\") {
                        escaped = true
                        i += 1
                    }
                    i += 1
                }
                let end = min(i, bytes.count - 1)
                i += 1
                guard expectingKey, !stack.isEmpty, stack[stack.count - 1] != nil else { continue }
                expectingKey = false
                var key = String(decoding: bytes[(start + 1)..<max(start + 1, end)], as: UTF8.self)
                if escaped, let decoded = try? JSONDecoder().decode(String.self, from: Data(bytes[start...end])) {
                    key = decoded
                }
                if stack[stack.count - 1]?.insert(key).inserted == false { return key }
            default:
                i += 1
            }
        }
        return nil
    }
}
