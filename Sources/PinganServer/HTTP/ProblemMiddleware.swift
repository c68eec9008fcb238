import Foundation
import Hummingbird
import NIOCore
import PinganApp
import PinganCore
import PinganStore

/// Turns every error thrown below it into an `application/problem+json` response, so no handler
/// ever builds an error response by hand and nothing unexpected reaches the client as a bare 500.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = PinganRequestContext
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            var problem = Problem(mapping: error)
            if problem.code == "not_found", problem.detail == Problem.noSuchRoute {
                // The path is a route, the method is not one of its own: 405 and what it takes.
                let allowed = APIOperation.methods(matching: request.uri.path)
                if !allowed.isEmpty, !allowed.contains(request.method.rawValue) {
                    problem = Problem(.methodNotAllowed, code: "method_not_allowed",
                                      detail: "\(request.method.rawValue.prefix(20)) is not allowed here; use \(allowed.joined(separator: ", "))",
                                      headers: ["Allow": allowed.joined(separator: ", ")])
                }
            }
            if problem.status.code >= 500 {
                context.logger.error("request failed", metadata: ["error": "\(String(describing: error).prefix(500))"])
            }
            metrics.problem(problem.code)
            return problem.response()
        }
    }
}

extension Problem {
    /// The HTTP face of an error from anywhere below the server.
    init(mapping error: any Error) {
        switch error {
        case let problem as Problem:
            self = problem
        case let rejected as OrganisationImport.Rejected:
            let first = rejected.problems.first.map { " (first: \($0.section) line \($0.line): \($0.message))" } ?? ""
            self = Problem(.unprocessableContent, code: DomainError.Code.importInvalid.rawValue,
                           detail: "\(rejected.problems.count) bad row(s); nothing was stored" + first)
            errors = rejected.problems
        case let rejected as HistoryImport.Rejected:
            let first = rejected.problems.first.map { " (first: line \($0.line): \($0.message))" } ?? ""
            self = Problem(.unprocessableContent, code: DomainError.Code.importInvalid.rawValue,
                           detail: "\(rejected.problems.count) bad row(s); nothing was stored" + first)
            errors = rejected.problems
        case let rejected as SensorBatchRejected:
            let first = rejected.problems.first.map { " (first: record \($0.index): \($0.message))" } ?? ""
            self = Problem(.unprocessableContent, code: rejected.code, detail: "\(rejected.problems.count) bad record(s); nothing was stored" + first)
            errors = rejected.problems.map { OrganisationImport.Problem(section: "records", line: $0.index, field: $0.field, message: "\($0.code): \($0.message)") }
        case let domain as DomainError:
            self = Problem(Problem.status(for: domain.code), code: domain.code.rawValue, detail: domain.message, field: domain.field)
        case let store as StoreError:
            switch store.kind {
            case .conflict:
                self = Problem(.conflict, code: "conflict", detail: "the data changed while the request ran; try again")
            case .duplicate:
                self = Problem(.conflict, code: "duplicate", detail: store.message)
            case .idempotencyReplay:
                self = Problem(.conflict, code: "idempotency_conflict", detail: "the idempotency key is in use")
            case .corrupt:
                self = Problem(.internalServerError, code: "internal", detail: "the store reported corrupt data")
            }
        case let idempotency as IdempotencyError where idempotency.kind == .keyReused:
            self = Problem(.conflict, code: "idempotency_key_reused", detail: "this Idempotency-Key was used for a different request",
                           field: "Idempotency-Key")
        case let position as PositionError:
            self = Problem(position.kind == .noRoute ? .unprocessableContent : .conflict, code: position.kind.rawValue, detail: position.message,
                           field: position.kind == .ambiguousDeviceUID ? "uid" : nil)
        case is NIOTooManyBytesError:
            self = Problem(.contentTooLarge, code: "body_too_large", detail: "the request body is larger than the server accepts")
        case let http as HTTPError where http.status == .notFound:
            self = Problem(.notFound, code: "not_found", detail: Problem.noSuchRoute)
        case let http as HTTPError:
            self = Problem(http.status, code: http.status.code >= 500 ? "internal" : "http_\(http.status.code)",
                           detail: http.body ?? http.status.reasonPhrase)
        default:
            self = Problem(.internalServerError, code: "internal", detail: "the server failed to handle the request")
        }
    }

    static let noSuchRoute = "no such route"

    /// The status for each stable domain code; unknown future codes are client errors.
    static func status(for code: DomainError.Code) -> HTTPResponse.Status {
        switch code {
        case .invalidField: .unprocessableContent
        // Where a node may stand depends on the tree as it is, which categories exist on the
        // catalogue as policies set it: conflicts with the stored state.
        case .invalidHierarchy, .unknownCategory,
             .illegalTransition, .unitUnavailable, .unitAlreadyAssigned, .unitNotAssigned, .duplicate, .staleVersion, .inUse, .inactive, .noRecipients,
             .referralOpen, .agencyOutsideArea, .notMerged: .conflict
        case .notFound, .noPDF: .notFound
        case .forbidden: .forbidden
        default: .unprocessableContent
        }
    }
}
