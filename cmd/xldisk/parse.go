package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/xldisk/xldisk/diskspec"
)

func init() {
	register(&command{
		name:    "parse",
		summary: "parse a disk spec as xl -N block-attach 0 SPEC... does",
		run:     runParse,
	})
}

// runParse prints exactly what `xl -N block-attach 0 SPEC...` prints: on
// success "disk: " and libxl's JSON on stdout, exit 0; on failure libxlu's
// error lines on stderr, exit 1. With --canonical it prints the canonical
// keyword form instead of the JSON.
func runParse(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("parse", flag.ContinueOnError)
	fs.SetOutput(stderr)
	canonical := fs.Bool("canonical", false, "print the canonical keyword-form spec instead of libxl's JSON")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: xldisk parse [--canonical] [--] SPEC...")
		fmt.Fprintln(stderr, "The SPEC fragments make one disk, like the arguments of xl block-attach.")
		fs.PrintDefaults()
	}
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	d, err := diskspec.ParseArgs(fs.Args()...)
	if err != nil {
		if l := diskspec.AsErrorList(err); l != nil {
			io.WriteString(stderr, l.Report("command line"))
		} else {
			fmt.Fprintln(stderr, "xldisk parse:", err)
		}
		return 1
	}
	if *canonical {
		s, err := d.Canonical()
		if err != nil {
			fmt.Fprintln(stderr, "xldisk parse:", err)
			return 1
		}
		fmt.Fprintln(stdout, s)
		return 0
	}
	j, _ := d.MarshalLibxlJSON()
	fmt.Fprintf(stdout, "disk: %s\n", j)
	return 0
}
