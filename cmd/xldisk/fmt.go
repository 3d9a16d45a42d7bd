package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/xldisk/xldisk/lint"
	"github.com/xldisk/xldisk/xlcfg"
)

func init() {
	register(&command{
		name:    "fmt",
		summary: "rewrite the disk specs of xl.cfg files in canonical keyword form",
		run:     runFmt,
	})
}

// runFmt implements "xldisk fmt [-w|-d|-l] PATH...". Without a flag it
// prints the formatted files. Exit status: 0 done, 1 a file or spec it
// refuses to rewrite (nothing is written for that file), 2 usage errors or
// unreadable files.
func runFmt(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("fmt", flag.ContinueOnError)
	fs.SetOutput(stderr)
	write := fs.Bool("w", false, "write the result back to each file instead of printing it")
	diff := fs.Bool("d", false, "print a unified diff of the changes instead of the files")
	list := fs.Bool("l", false, "list the files whose formatting would change")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: xldisk fmt [-w|-d|-l] PATH...   (\"-\" is the standard input)")
		fmt.Fprintln(stderr, "Rewrites every disk spec into the canonical keyword form, keeping every other byte.")
		fs.PrintDefaults()
	}
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return 2
	}
	n := 0
	for _, b := range []bool{*write, *diff, *list} {
		if b {
			n++
		}
	}
	if n > 1 {
		fmt.Fprintln(stderr, "xldisk fmt: -w, -d and -l are exclusive")
		return 2
	}
	files, status := configFiles(fs.Args(), stderr)
	for _, path := range files {
		if path == "-" && *write {
			fmt.Fprintln(stderr, "xldisk fmt: -w cannot write the standard input")
			status = 2
			continue
		}
		src, err := lint.ReadConfig(path, xlcfg.Limits{})
		if path == "-" {
			path = "<stdin>"
		}
		if err != nil {
			fmt.Fprintf(stderr, "xldisk fmt: %v\n", err)
			status = 2
			continue
		}
		out, refusals, err := lint.Format(path, src)
		if err != nil {
			fmt.Fprintf(stderr, "xldisk fmt: %v\n", err)
			status = max(status, 1)
			continue
		}
		if len(refusals) > 0 {
			for _, r := range refusals {
				fmt.Fprintf(stderr, "xldisk fmt: %s\n", r)
			}
			fmt.Fprintf(stderr, "xldisk fmt: %s left unchanged\n", path)
			status = max(status, 1)
			continue
		}
		changed := !bytes.Equal(src, out)
		switch {
		case *list:
			if changed {
				fmt.Fprintln(stdout, path)
			}
		case *diff:
			io.WriteString(stdout, lint.UnifiedDiff(path, src, out))
		case *write:
			if changed {
				fi, err := os.Stat(path)
				if err == nil {
					err = os.WriteFile(path, out, fi.Mode().Perm())
				}
				if err != nil {
					fmt.Fprintf(stderr, "xldisk fmt: %v\n", err)
					status = 2
				}
			}
		default:
			stdout.Write(out)
		}
	}
	return status
}

// configFiles expands the arguments: files as given, directories walked
// for the files lint would check, and "-" (the standard input) kept first.
func configFiles(paths []string, stderr io.Writer) ([]string, int) {
	var out []string
	status := 0
	var walk []string
	for _, p := range paths {
		if p == "-" {
			out = append(out, p)
		} else {
			walk = append(walk, p)
		}
	}
	for _, r := range lintPaths("fmt", walk, lint.Options{}, stderr) {
		if r.Err != nil {
			fmt.Fprintf(stderr, "xldisk fmt: %v\n", r.Err)
			status = 2
			continue
		}
		out = append(out, r.Path)
	}
	return out, status
}
