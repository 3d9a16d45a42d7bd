// Command xldisk parses, validates, renders and lints Xen xl disk
// specifications.
//
// Usage:
//
//	xldisk <command> [flags] [arguments]
//
// Run "xldisk help" for the list of commands, "xldisk help COMMAND" for
// one. Flags may come anywhere among the arguments ("--" ends them).
// Exit status: 0 success, 1 findings (or a refused input), 2 usage errors
// and unreadable input.
//
// The command line is built with spf13/cobra (and its pflag), the library
// of most Go infrastructure tools (kubectl, hugo, gh, golangci-lint): GNU
// flags anywhere among the arguments, "help COMMAND", generated shell
// completion for bash, zsh, fish and PowerShell, and a well-kept module
// with few dependencies.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3";
// otherwise it comes from the module's build information.
var version = ""

// Version returns xldisk's version: the -X value, the module version of
// "go install ...@v1.2.3", or "devel".
func Version() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

// app is one run of the CLI: its streams and the exit status the verbs
// set.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	status         int
}

// fail raises the exit status to at least code.
func (a *app) fail(code int) { a.status = max(a.status, code) }

// errorf prints "xldisk VERB: message" on stderr.
func (a *app) errorf(c *cobra.Command, format string, args ...any) {
	fmt.Fprintf(a.stderr, "xldisk %s: %s\n", c.Name(), fmt.Sprintf(format, args...))
}

// usageError is a bad command line: reported on stderr, exit status 2.
type usageError struct {
	cmd *cobra.Command
	err error
}

func (e *usageError) Error() string { return e.err.Error() }

// usagef returns a usage error of c.
func usagef(c *cobra.Command, format string, args ...any) error {
	return &usageError{cmd: c, err: fmt.Errorf(format, args...)}
}

// printUsage writes c's usage to stderr (a verb called without its
// arguments).
func (a *app) printUsage(c *cobra.Command) error {
	fmt.Fprint(a.stderr, c.UsageString())
	a.fail(2)
	return nil
}

func main() {
	if os.Getenv("GOGC") == "" {
		// A short-lived CLI that allocates much and keeps little: collect
		// less often (a lint of 3,000 configs is a fifth faster, in 35 MB
		// instead of 23), with a soft limit so that a huge run still
		// collects in time.
		debug.SetGCPercent(400)
		if os.Getenv("GOMEMLIMIT") == "" {
			debug.SetMemoryLimit(1 << 30)
		}
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run runs the CLI with args (without the program name) and returns the
// exit status: 0 success, 1 findings or rejected input, 2 usage errors or
// unreadable input. Standard input is os.Stdin.
func run(args []string, stdout, stderr io.Writer) int {
	a := &app{stdin: os.Stdin, stdout: stdout, stderr: stderr}
	root := a.rootCommand()
	args = goStyleFlags(root, args)
	root.SetArgs(args)
	if err := root.Execute(); err != nil {
		var ue *usageError
		c := root
		if errors.As(err, &ue) && ue.cmd != nil {
			c = ue.cmd
		} else if found, _, ferr := root.Find(args); ferr == nil && found != nil {
			c = found
		}
		name := "xldisk"
		if c != root {
			name += " " + c.Name()
		}
		fmt.Fprintf(stderr, "%s: %v\nRun '%s --help' for usage.\n", name, err, c.CommandPath())
		return 2
	}
	return a.status
}

// rootCommand builds the command tree.
func (a *app) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "xldisk",
		Short: "parse, validate, render and lint Xen xl disk specifications",
		Long: `xldisk reads Xen xl disk specifications exactly as libxlu does, judges them by
libxl's rules for the Xen releases it knows, renders the QEMU arguments libxl
builds, and lints and formats xl.cfg files.

Exit status: 0 success, 1 findings (or a refused input), 2 usage errors and
unreadable input.`,
		Version:       Version(),
		SilenceUsage:  true,
		SilenceErrors: true,
		// Without a verb: the usage, on stderr, exit 2.
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usagef(c, "unknown command %q", args[0])
			}
			return a.printUsage(c)
		},
		Args: cobra.ArbitraryArgs,
	}
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	root.SetVersionTemplate("xldisk {{.Version}}\n")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return &usageError{cmd: c, err: err} })
	root.CompletionOptions.HiddenDefaultCmd = false
	root.AddCommand(
		a.lintCommand(),
		a.fmtCommand(),
		a.parseCommand(),
		a.explainCommand(),
		a.qemuCommand(),
		a.rulesCommand(),
		a.versionCommand(),
		a.manCommand(),
		a.lspCommand(),
	)
	return root
}

// versionCommand is "xldisk version", the same as --version.
func (a *app) versionCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "print xldisk's version",
		Args:  noArgs,
		RunE: func(c *cobra.Command, args []string) error {
			fmt.Fprintf(a.stdout, "xldisk %s\n", Version())
			return nil
		},
	}
}

// noArgs refuses arguments, as a usage error.
func noArgs(c *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usagef(c, "unexpected argument %q", args[0])
	}
	return nil
}

// goStyleFlags rewrites the Go-style long flags of earlier versions of the
// CLI ("-format=json", "-canonical", Go's flag package took one dash or
// two) to "--format=json": an argument after the verb that is one dash
// and the name of a long flag of that verb (or a global one), up to "--".
// Anything else, such as a disk spec fragment "-x,,xvda", is left alone.
func goStyleFlags(root *cobra.Command, args []string) []string {
	verb, _, err := root.Find(args)
	if err != nil || verb == nil {
		return args
	}
	out := make([]string, 0, len(args))
	for i, a := range args {
		if a == "--" {
			return append(out, args[i:]...)
		}
		if len(a) > 2 && a[0] == '-' && a[1] != '-' {
			name, _, _ := strings.Cut(a[1:], "=")
			if len(name) > 1 && (verb.Flags().Lookup(name) != nil || root.PersistentFlags().Lookup(name) != nil) {
				a = "-" + a
			}
		}
		out = append(out, a)
	}
	return out
}
