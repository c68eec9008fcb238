import Foundation
import PinganApp

/// The deployment's document-hashing key kept beside the embedded database (`document.key`,
/// readable by its owner only), made on first start. A deployment of several instances gives
/// them one key with `--document-key` instead: hashes made under different keys never match.
enum DocumentKeyFile {
    static func load(in directory: String) throws -> [UInt8] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = (directory as NSString).appendingPathComponent("document.key")
        if let text = try? String(contentsOfFile: path, encoding: .utf8),
           let key = ServerOptions.bytes(hex: text.trimmingCharacters(in: .whitespacesAndNewlines)), key.count >= 32 {
            return key
        }
        let key = DocumentHasher.newKey()
        let hex = key.map { String(format: "%02x", $0) }.joined()
        guard FileManager.default.createFile(atPath: path, contents: Data((hex + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
            throw DocumentKeyError(path: path)
        }
        return key
    }

    struct DocumentKeyError: Error, CustomStringConvertible {
        var path: String
        var description: String { "cannot write the document key file \(path)" }
    }
}
