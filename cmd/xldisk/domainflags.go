package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/xldisk/xldisk/colo"
	"github.com/xldisk/xldisk/validate"
)

// domainFlags are the flags that say which libxl to follow and what the
// host and domain are like, shared by explain, qemu and lint.
type domainFlags struct {
	probe    *bool
	dialect  *string
	coloSide *string
}

// addDomainFlags registers --probe-host, --dialect and --colo-side.
func addDomainFlags(fs *flag.FlagSet) *domainFlags {
	return &domainFlags{
		probe:    fs.Bool("probe-host", false, "stat targets on this host (default: offline, /dev/... is a block device, anything else a regular file)"),
		dialect:  fs.String("dialect", "current", "libxl to follow: current (Xen 4.17 and later) or 2015 (the 2015 COLO series)"),
		coloSide: fs.String("colo-side", "none", "COLO side of the domain: none (each colo disk as a primary), primary (xl create) or secondary (restored from a COLO stream)"),
	}
}

// apply sets the dialect, COLO side and host of opts from the flags. On a
// bad value it says so on stderr, as "xldisk VERB: --flag: ...", and
// returns false (exit status 2).
func (f *domainFlags) apply(verb string, stderr io.Writer, opts *validate.Options) bool {
	var err error
	if opts.Dialect, err = validate.ParseDialect(*f.dialect); err != nil {
		fmt.Fprintf(stderr, "xldisk %s: --dialect: %v\n", verb, err)
		return false
	}
	if opts.ColoSide, err = colo.ParseMode(*f.coloSide); err != nil {
		fmt.Fprintf(stderr, "xldisk %s: --colo-side: %v\n", verb, err)
		return false
	}
	if *f.probe {
		opts.Host = validate.OSHost
	}
	return true
}
