package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/xldisk/xldisk/domain"
	"github.com/xldisk/xldisk/release"
)

// domainFlags are the flags that say which libxl to follow and what the
// host and domain are like, shared by explain, qemu and lint.
type domainFlags struct {
	probe    bool
	dialect  string
	coloSide string
}

// addDomainFlags registers --probe-host, --dialect and --colo-side.
func addDomainFlags(fs *pflag.FlagSet) *domainFlags {
	f := &domainFlags{}
	fs.BoolVar(&f.probe, "probe-host", false, "stat targets on this host (default: offline, /dev/... is a block device, anything else a regular file)")
	fs.StringVar(&f.dialect, "dialect", "current", "libxl to follow: current (Xen 4.17 and later) or 2015 (the 2015 COLO series)")
	fs.StringVar(&f.coloSide, "colo-side", "none", "COLO side of the domain: none (each colo disk as a primary), primary (xl create) or secondary (restored from a COLO stream)")
	return f
}

// apply sets the dialect, COLO side and host of opts from the flags; a bad
// value is a usage error naming the flag.
func (f *domainFlags) apply(c *cobra.Command, opts *domain.Options) error {
	var err error
	if opts.Dialect, err = domain.ParseDialect(f.dialect); err != nil {
		return usagef(c, "--dialect: %v", err)
	}
	if opts.ColoSide, err = domain.ParseColoMode(f.coloSide); err != nil {
		return usagef(c, "--colo-side: %v", err)
	}
	if f.probe {
		opts.Host = domain.OSHost
	}
	return nil
}

// xenFlag is --xen=VERSION[,VERSION...] (release.ParseSet: lists, ranges,
// "all").
type xenFlag struct {
	raw   string
	multi bool
}

// addXenFlag registers --xen; multi allows several releases.
func addXenFlag(fs *pflag.FlagSet, multi bool) *xenFlag {
	f := &xenFlag{multi: multi}
	help := fmt.Sprintf("Xen release to judge against (%s; default %s)", knownReleases(), release.Default)
	if multi {
		help = fmt.Sprintf("Xen releases to judge against: a list or ranges such as 4.17,4.20 or 4.17-4.22 or all (known: %s; default %s); a finding that holds for some of them only is marked so", knownReleases(), release.Default)
	}
	fs.StringVar(&f.raw, "xen", "", help)
	return f
}

func knownReleases() string {
	var s []string
	for _, v := range release.Known() {
		s = append(s, v.String())
	}
	return strings.Join(s, ", ")
}

// set reports whether --xen was given.
func (f *xenFlag) set() bool { return f.raw != "" }

// releases parses the flag (nil when not given).
func (f *xenFlag) releases(c *cobra.Command) ([]release.Version, error) {
	if f.raw == "" {
		return nil, nil
	}
	vs, err := release.ParseSet(f.raw)
	if err != nil {
		return nil, usagef(c, "--xen: %v", err)
	}
	if len(vs) > 1 && !f.multi {
		return nil, usagef(c, "--xen: %s judges one release at a time, not %s", c.Name(), release.FormatSet(vs))
	}
	return vs, nil
}

// one returns the single release of the flag (the zero Version, meaning
// release.Default, when not given).
func (f *xenFlag) one(c *cobra.Command) (release.Version, error) {
	vs, err := f.releases(c)
	if err != nil || len(vs) == 0 {
		return release.Version{}, err
	}
	return vs[0], nil
}
