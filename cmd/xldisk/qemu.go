package main

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/domain"
	"github.com/xldisk/xldisk/qemuargs"
)

// qemuCommand is "xldisk qemu": the QEMU arguments of an HVM domain whose
// disk list is the SPEC arguments, in order. Arguments go to stdout,
// shell-quoted with one option and its value per line, or with --json as
// one JSON array of strings; diagnostics go to stderr. Exit 0 when no
// diagnostic is an error, 1 when some disk is invalid or refused, 2 on
// usage errors.
func (a *app) qemuCommand() *cobra.Command {
	var hdtype string
	var stubdom, asJSON bool
	var df *domainFlags
	var xen *xenFlag
	c := &cobra.Command{
		Use:     "qemu [flags] SPEC...",
		Short:   "print the QEMU -drive/-device arguments libxl builds for disks",
		Long:    "Print the QEMU -drive/-device arguments libxl builds for the disks of an HVM domain.\nEach SPEC is one disk of the domain, in disk-list order.",
		Example: "  xldisk qemu /srv/a.qcow2,qcow2,hda,w /srv/cd.iso,,hdc:cdrom,r\n  xldisk qemu --json --hdtype=ahci /dev/vg/a,raw,hda,w",
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) == 0 {
				return a.printUsage(c)
			}
			opts := domain.Options{Type: domain.HVM, Stubdom: stubdom}
			var err error
			if opts.HDType, err = domain.ParseHDType(hdtype); err != nil {
				return usagef(c, "--hdtype: %v", err)
			}
			if err := df.apply(c, &opts); err != nil {
				return err
			}
			if opts.Xen, err = xen.one(c); err != nil {
				return err
			}
			argv, diags, ok := renderQemu(args, opts)
			for _, d := range diags {
				printQemuDiag(a.stderr, args, d)
			}
			if !ok || diags.HasErrors() {
				a.fail(1)
			}
			if asJSON {
				if argv == nil {
					argv = []string{}
				}
				b, _ := json.Marshal(argv)
				fmt.Fprintf(a.stdout, "%s\n", b)
			} else {
				io.WriteString(a.stdout, qemuargs.FormatLines(argv))
			}
			return nil
		},
	}
	fs := c.Flags()
	df = addDomainFlags(fs)
	fs.StringVar(&hdtype, "hdtype", "ide", "hdtype of the domain: ide or ahci")
	fs.BoolVar(&stubdom, "stubdom", false, "the device model runs in a stub domain (/dev/xvdX, host_device)")
	fs.BoolVar(&asJSON, "json", false, "print the arguments as one JSON array of strings")
	xen = addXenFlag(fs, false)
	return c
}

// printQemuDiag writes "disk N (SPEC): severity: message [RULE]", or without
// the disk for a domain-wide finding.
func printQemuDiag(w io.Writer, specs []string, d diag.Diagnostic) {
	if i := d.Disk(); i >= 0 && i < len(specs) {
		fmt.Fprintf(w, "disk %d (%s): %s\n", i, showSpec(specs[i]), d.Error())
		return
	}
	fmt.Fprintf(w, "%s\n", d.Error())
}
