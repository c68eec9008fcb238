import Testing

@Suite("Command runner")
struct CommandRunnerTests {}
