import ArgumentParser
struct BenchDispatch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "dispatch")
}
