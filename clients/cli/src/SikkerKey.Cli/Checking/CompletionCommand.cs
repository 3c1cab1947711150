using System.CommandLine;

namespace SikkerKey.Cli.Checking;

/// <summary><c>sikkerkey completion bash|zsh|fish</c>: a completion script for the commands, as the official CLI prints one.</summary>
internal sealed class CompletionCommand : Command
{
    private static readonly string[] Commands =
        ["run", "get", "list", "export", "cache", "whoami", "status", "completion", "version"];

    private readonly Argument<string> _shell = new("shell") { Description = "bash, zsh or fish" };

    public CompletionCommand(CliContext context) : base("completion", "Print a shell completion script (bash, zsh or fish)")
    {
        _shell.AcceptOnlyFromAmong("bash", "zsh", "fish");
        Add(_shell);
        SetAction(parsed => context.Out.Write(Script(parsed.GetValue(_shell)!)));
    }

    public static string Script(string shell) => shell switch
    {
        "bash" => $$"""
            # sikkerkey bash completion
            # Add to ~/.bashrc: eval "$(sikkerkey completion bash)"
            _sikkerkey() {
              local cur=${COMP_WORDS[COMP_CWORD]}
              case $COMP_CWORD in
                1) COMPREPLY=($(compgen -W "{{string.Join(' ', Commands)}}" -- "$cur")) ;;
                2) case ${COMP_WORDS[1]} in
                     list) COMPREPLY=($(compgen -W "secrets projects vaults" -- "$cur")) ;;
                     cache) COMPREPLY=($(compgen -W "enable disable status clear" -- "$cur")) ;;
                     completion) COMPREPLY=($(compgen -W "bash zsh fish" -- "$cur")) ;;
                   esac ;;
              esac
            }
            complete -F _sikkerkey sikkerkey

            """,
        "zsh" => $$"""
            #compdef sikkerkey
            # Add to ~/.zshrc: eval "$(sikkerkey completion zsh)"
            _sikkerkey() {
              local -a commands
              commands=({{string.Join(' ', Commands.Select(c => $"'{c}'"))}})
              _describe 'command' commands
            }
            compdef _sikkerkey sikkerkey

            """,
        _ => "# sikkerkey fish completion\n# Save to ~/.config/fish/completions/sikkerkey.fish\n" + string.Concat(Commands.Select(c =>
            $"complete -c sikkerkey -n '__fish_use_subcommand' -a '{c}'\n")),
    };
}
