import PinganStorePostgres
import Testing

/// Connection URLs are read the way libpq reads them; these run without a server.
@Suite("PostgreSQL connection URL")
struct PostgresURLTests {
    @Test func fullURL() throws {
        let c = try PostgresURL.configuration("postgres://pingan:p%40ss@db.example:6543/dispatch?sslmode=disable")
        #expect(c.host == "db.example")
        #expect(c.port == 6543)
        #expect(c.username == "pingan")
        #expect(c.password == "p@ss")
        #expect(c.database == "dispatch")
    }

    @Test func defaults() throws {
        let c = try PostgresURL.configuration("postgresql://postgres@127.0.0.1/")
        #expect(c.port == 5432)
        #expect(c.password == nil)
        #expect(c.database == nil)
    }

    @Test func unixSocket() throws {
        let c = try PostgresURL.configuration("postgres://postgres@/pingan?host=/var/run/postgresql")
        #expect(c.unixSocketPath == "/var/run/postgresql/.s.PGSQL.5432")
        #expect(c.database == "pingan")
    }

    @Test func connectTimeout() throws {
        #expect(try PostgresURL.configuration("postgres://u@h/db?connect_timeout=120").options.connectTimeout == .seconds(120))
        #expect(try PostgresURL.configuration("postgres://u@/db?host=/tmp&connect_timeout=3").options.connectTimeout == .seconds(3))
        #expect(try PostgresURL.configuration("postgres://u@h/db").options.connectTimeout == .seconds(10))
    }

    @Test(arguments: ["mysql://root@localhost/db", "not a url", "postgres://u@h/db?sslmode=sometimes",
                      "postgres://u@h/db?connect_timeout=0", "postgres://u@h/db?connect_timeout=ten", "postgres://u@h/db?connect_timeout=-5"])
    func refused(_ url: String) {
        #expect(throws: PostgresURL.Invalid.self) { try PostgresURL.configuration(url) }
    }
}
