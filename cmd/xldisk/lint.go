package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/lint"
	"github.com/xldisk/xldisk/validate"
)

func init() {
	register(&command{
		name:    "lint",
		summary: "check xl.cfg files and directories of them (text, json, sarif or github output)",
		run:     runLint,
	})
}

// runLint implements "xldisk lint [flags] PATH...". Exit status: 0 when no
// finding reaches --fail-on, 1 when one does, 2 for usage errors or files
// that cannot be read. A directory with no config file in it gets a note
// on stderr but does not change the status.
func runLint(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("lint", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "text", "output format: text, json, sarif or github")
	failOn := fs.String("fail-on", "error", "exit 1 when a finding is at least this severe: error, warning or info")
	df := addDomainFlags(fs)
	root := fs.String("root", "", "directory that SARIF URIs are relative to, the repository root (default: the current directory)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: xldisk lint [flags] PATH...")
		fmt.Fprintln(stderr, "Lints xl.cfg files (\"-\" is the standard input); directories are walked for *.cfg files and files with a disk = line")
		fmt.Fprintln(stderr, "(symbolic links to files are followed, links to directories are not).")
		fmt.Fprintln(stderr, "Suppress a finding with \"# xldisk:ignore XLD123 -- reason\" on its line or the line above.")
		fs.PrintDefaults()
	}
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return 2
	}
	min, err := diag.ParseSeverity(*failOn)
	if err != nil {
		fmt.Fprintf(stderr, "xldisk lint: --fail-on: %v\n", err)
		return 2
	}
	var vopts validate.Options
	if !df.apply("lint", stderr, &vopts) {
		return 2
	}
	var write func(w io.Writer, rs []lint.Result) error
	switch *format {
	case "text":
		write = lint.WriteText
	case "json":
		write = lint.WriteJSON
	case "github":
		write = lint.WriteGitHub
	case "sarif":
		write = func(w io.Writer, rs []lint.Result) error {
			return lint.WriteSARIF(w, rs, lint.SARIFOptions{Root: *root})
		}
	default:
		fmt.Fprintf(stderr, "xldisk lint: unknown --format %q (want text, json, sarif or github)\n", *format)
		return 2
	}
	opts := lint.Options{Dialect: vopts.Dialect, ColoSide: vopts.ColoSide, Host: vopts.Host}
	results := lintPaths("lint", fs.Args(), opts, stderr)
	if err := write(stdout, results); err != nil {
		fmt.Fprintf(stderr, "xldisk lint: %v\n", err)
		return 2
	}
	status := 0
	for _, r := range results {
		if r.Err != nil {
			fmt.Fprintf(stderr, "xldisk lint: %v\n", r.Err)
			status = 2
			continue
		}
		if m, ok := r.Max(); ok && m.AtLeast(min) && status == 0 {
			status = 1
		}
	}
	return status
}

// lintPaths runs lint.Paths on each argument and notes on stderr each
// directory in which it found no config file to check: that is not an
// error (the exit status stays as the other arguments make it), but a
// silent success would hide a mistyped or empty directory.
func lintPaths(verb string, args []string, opts lint.Options, stderr io.Writer) []lint.Result {
	var out []lint.Result
	for _, a := range args {
		rs := lint.Paths([]string{a}, opts)
		if len(rs) == 0 {
			// Only a directory gives no result: a file, missing or not,
			// and "-" always give one.
			fmt.Fprintf(stderr, "xldisk %s: no xl config files found under %s\n", verb, a)
		}
		out = append(out, rs...)
	}
	return out
}
