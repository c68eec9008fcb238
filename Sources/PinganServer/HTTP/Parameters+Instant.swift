import Foundation
import Hummingbird
import PinganCore

extension Parameters {
    /// The query parameter `name` as an instant; nil when absent, 400 `invalid_field` when it is
    /// not an ISO-8601 instant.
    func instant(_ name: String) throws -> Date? {
        guard let raw = self[Substring(name)] else { return nil }
        guard let date = Timestamp.parse(String(raw)) else { throw Problem.invalidField(name, "\(name) must be an ISO-8601 instant") }
        return date
    }
}
