package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

// parseCommand is "xldisk parse": it prints exactly what
// `xl -N block-attach 0 SPEC...` prints: on success "disk: " and libxl's
// JSON on stdout, exit 0; on failure libxlu's error lines on stderr, exit
// 1. With --canonical it prints the canonical keyword form instead.
func (a *app) parseCommand() *cobra.Command {
	var canonical bool
	var xen *xenFlag
	c := &cobra.Command{
		Use:   "parse [--canonical] [--xen=VERSION] [--] SPEC...",
		Short: "parse a disk spec as xl -N block-attach 0 SPEC... does",
		Long: `Parse one disk spec exactly as libxlu does and print what xl -N block-attach
prints: "disk: " and libxl's JSON. The SPEC fragments make one disk, like the
arguments of xl block-attach (put "--" before a fragment that starts with '-').`,
		Example: "  xldisk parse /dev/vg/guest,raw,xvda,rw\n  xldisk parse --canonical raw:/root/image.iso,hdc:cdrom,ro",
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) == 0 {
				return a.printUsage(c)
			}
			v, err := xen.one(c)
			if err != nil {
				return err
			}
			d, err := parseSpec(v, args)
			if err != nil {
				if r := parseReport(args, err); r != "" {
					fmt.Fprint(a.stderr, r)
				} else {
					a.errorf(c, "%v", err)
				}
				a.fail(1)
				return nil
			}
			if canonical {
				s, err := d.Canonical()
				if err != nil {
					a.errorf(c, "%v", err)
					a.fail(1)
					return nil
				}
				fmt.Fprintln(a.stdout, s)
				return nil
			}
			j, _ := d.MarshalLibxlJSONFor(v.Or())
			fmt.Fprintf(a.stdout, "disk: %s\n", j)
			return nil
		},
	}
	c.Flags().BoolVar(&canonical, "canonical", false, "print the canonical keyword-form spec instead of libxl's JSON")
	xen = addXenFlag(c.Flags(), false)
	return c
}
