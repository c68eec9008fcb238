import Foundation
import Hummingbird
import HummingbirdTesting
import PinganCore
import PinganServer
import Testing

@Suite("Sign-in and tokens")
struct AuthTests {
    @Test func loginSucceedsAndMeAnswers() async throws {
        try await TestWorld.run { world, client in
            let before = try await world.store.lastSequence()
            let reply = try await client.call(.post, "/v1/auth/login", json: ["username": "disp", "password": .string(TestWorld.password)])
            #expect(reply.status == .ok)
            let token = try #require(reply.json["token"]?.stringValue)
            #expect(token.count >= 43)
            #expect(reply.json["user"]?["username"]?.stringValue == "disp")
            #expect(reply.json["user"]?["passwordHash"] == nil)
            #expect(reply.json["expiresAt"]?.stringValue != nil)
            let me = try await client.call(.get, "/v1/me", token: token)
            #expect(me.status == .ok)
            #expect(me.json["role"]?.stringValue == "dispatcher")
            // The sign-in is in the audit log.
            let events = try await world.store.events(after: before, scope: .everything, limit: 10)
            #expect(events.map(\.type) == [.userLoggedIn])
        }
    }

    @Test func wrongPasswordAndUnknownUserAreRefusedAlike() async throws {
        try await TestWorld.run { world, client in
            let before = try await world.store.lastSequence()
            let wrong = try await client.call(.post, "/v1/auth/login", json: ["username": "disp", "password": "not the password"])
            #expect(wrong.status == .unauthorized)
            #expect(wrong.code == "invalid_credentials")
            #expect(wrong.isProblem)
            let unknown = try await client.call(.post, "/v1/auth/login", json: ["username": "nobody", "password": "not the password"])
            #expect(unknown.status == .unauthorized)
            #expect(unknown.code == "invalid_credentials")
            #expect(try await world.store.lastSequence() == before)
        }
    }

    @Test func repeatedFailuresAreRateLimited() async throws {
        try await TestWorld.run { world, client in
            for _ in 0..<5 {
                let r = try await client.call(.post, "/v1/auth/login", json: ["username": "offA", "password": "guess guess guess"])
                #expect(r.status == .unauthorized)
            }
            // Even the right password is refused while the account is locked.
            let locked = try await client.call(.post, "/v1/auth/login", json: ["username": "offA", "password": .string(TestWorld.password)])
            #expect(locked.status == .tooManyRequests)
            #expect(locked.code == "too_many_attempts")
            let retry = try #require(locked.headers[HTTPFields.Element.Name("Retry-After")!].flatMap { Int($0) })
            #expect(retry > 0 && retry <= 300)
            // The client is blocked for other usernames as well (same address).
            let other = try await client.call(.post, "/v1/auth/login", json: ["username": "disp", "password": .string(TestWorld.password)])
            #expect(other.status == .tooManyRequests)
            // After the window the right password works again.
            world.time.advance(by: 301)
            _ = try await client.login("offA")
        }
    }

    @Test func tokensExpireAndLogoutRevokes() async throws {
        try await TestWorld.run { world, client in
            let token = try await client.login("disp")
            #expect(try await client.call(.get, "/v1/incidents", token: token).status == .ok)
            world.time.advance(by: 12 * 3600 + 1)
            let expired = try await client.call(.get, "/v1/incidents", token: token)
            #expect(expired.status == .unauthorized)
            #expect(expired.code == "token_expired")

            let fresh = try await client.login("disp")
            let out = try await client.call(.post, "/v1/auth/logout", token: fresh)
            #expect(out.status == .noContent)
            let after = try await client.call(.get, "/v1/me", token: fresh)
            #expect(after.status == .unauthorized)
            #expect(after.code == "unauthenticated")
        }
    }

    @Test func missingOrForgedTokens() async throws {
        try await TestWorld.run { _, client in
            let none = try await client.call(.get, "/v1/incidents")
            #expect(none.status == .unauthorized)
            #expect(none.code == "unauthenticated")
            let forged = try await client.call(.get, "/v1/incidents", token: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
            #expect(forged.code == "unauthenticated")
            let basic = try await client.call(.get, "/v1/incidents", headers: ["Authorization": "Basic Zm9vOmJhcg=="])
            #expect(basic.code == "unauthenticated")
            let huge = try await client.call(.get, "/v1/incidents", token: String(repeating: "x", count: 100_000))
            #expect(huge.status.code == 401 || huge.status.code == 431 || huge.status.code == 400)
        }
    }

    @Test func rolesAreCheckedBeforeTheStore() async throws {
        try await TestWorld.run { world, client in
            let auditor = try await client.login("audit")
            let before = try await world.store.lastSequence()
            let create = try await client.call(.post, "/v1/incidents", token: auditor, json: callJSON())
            #expect(create.status == .forbidden)
            #expect(create.code == "forbidden")
            let users = try await client.call(.get, "/v1/users", token: auditor)
            #expect(users.status == .forbidden)
            #expect(try await world.store.lastSequence() == before)
        }
    }
}

@Suite("Passwords")
struct PasswordTests {
    @Test func hashAndVerify() async throws {
        let hash = try await Passwords.hash("correct horse battery", cost: 4)
        #expect(hash.hasPrefix("$2"))
        #expect(try await Passwords.verify("correct horse battery", hash: hash))
        #expect(try await !Passwords.verify("correct horse batter", hash: hash))
        #expect(try await !Passwords.verify("correct horse battery", hash: "not a hash"))
        // bcrypt's C code stops at NUL: such passwords are refused rather than shortened.
        await #expect(throws: DomainError.self) { _ = try await Passwords.hash("abc\u{0}defghijkl", cost: 4) }
        let short = try await Passwords.hash("abc", cost: 4)
        #expect(try await !Passwords.verify("abc\u{0}anything", hash: short))
    }
}
