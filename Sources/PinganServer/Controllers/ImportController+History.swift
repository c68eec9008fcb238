import Foundation
import Hummingbird
import PinganApp
import PinganCore

/// `POST /v1/import/incidents`: a city's past incidents (导入历史警情), a CSV inside a JSON
/// body, like the organisation import's sections, checked whole (422 `import_invalid` lists
/// every bad row, nothing stored) and stored in batches (`HistoryImportCommands`). The body may
/// be larger than any other route's (`historyBodyLimit`, 128 MiB): a year of a large city.
extension ImportController {
    struct HistoryRequest: RequestBody {
        var dryRun: Bool?
        /// The CSV text (`HistoryImport.Column`).
        var incidents: String

        static let schema = Schema.record(["dryRun": .boolean, "incidents": .string(.init(maxLength: 128 << 20))], optional: ["dryRun"])
    }

    @Sendable func importHistory(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.manageOrganisation)
        let reader = BodyReader(limit: deps.configuration.historyBodyLimit)
        let input = try reader.decode(HistoryRequest.self, from: try await reader.bytes(request))
        let summary = try await deps.app.history.run(csv: input.incidents, dryRun: input.dryRun ?? false, by: user)
        return try JSONReply(.ok, summary).response
    }
}
