package main

import (
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/xldisk/xldisk/domain"
)

// explainCommand is "xldisk explain": how libxl reads each disk (vdev
// decoding, backend choice, xenstore nodes, findings). Exit 0 when no
// finding is an error, 1 otherwise, 2 on usage errors.
func (a *app) explainCommand() *cobra.Command {
	var hvm, hotplug bool
	var hdtype string
	var domid uint
	var df *domainFlags
	var xen *xenFlag
	c := &cobra.Command{
		Use:   "explain [flags] SPEC...",
		Short: "explain how libxl reads disks: vdev, backend choice, xenstore nodes, findings",
		Long: `Explain how libxl reads each SPEC, one disk of a domain (a string of an
xl.cfg disk list): the vdev decoding, the backend libxl chooses and why every
other backend was refused, the xenstore nodes it writes, the QEMU emulation and
the findings, including the rules across the disks. To check a config file,
run xldisk lint FILE.`,
		Example: "  xldisk explain /dev/vg/a,raw,xvda,w\n  xldisk explain --hvm --hdtype=ahci /srv/a.qcow2,qcow2,hda,w /srv/cd.iso,,hdc:cdrom,r",
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) == 0 {
				return a.printUsage(c)
			}
			opts := domain.Options{Hotplug: hotplug, DomID: uint32(domid)}
			if hvm {
				opts.Type = domain.HVM
			}
			var err error
			if opts.HDType, err = domain.ParseHDType(hdtype); err != nil {
				return usagef(c, "--hdtype: %v", err)
			}
			if err := df.apply(c, &opts); err != nil {
				return err
			}
			if domid == 0 || domid >= 0x7FF0 {
				return usagef(c, "--domid must be a guest domain id, 1..32751")
			}
			if opts.Xen, err = xen.one(c); err != nil {
				return err
			}
			for _, s := range args {
				if looksLikeFile(s) {
					return usagef(c, "%s is a file, not a disk spec (to check a config file, run xldisk lint %s)", s, s)
				}
			}
			if !explainSpecs(a.stdout, args, opts) {
				a.fail(1)
			}
			return nil
		},
	}
	fs := c.Flags()
	df = addDomainFlags(fs)
	fs.BoolVar(&hvm, "hvm", false, "the domain is HVM (type=\"hvm\"): CD-ROM rules and QEMU emulation limits apply")
	fs.StringVar(&hdtype, "hdtype", "ide", "HVM disk controller: ide or ahci")
	fs.BoolVar(&hotplug, "hotplug", false, "the disks are hot-plugged with xl block-attach")
	fs.UintVar(&domid, "domid", 1, "guest domain id used in xenstore paths")
	xen = addXenFlag(fs, false)
	return c
}

// looksLikeFile reports whether an explain argument names an existing
// regular file and cannot be a disk spec of its own: a spec with no ','
// or '=' has no vdev, so libxl would refuse it anyway, while a config
// file name given by mistake deserves a pointer to lint.
func looksLikeFile(s string) bool {
	if strings.ContainsAny(s, ",=") {
		return false
	}
	fi, err := os.Stat(s)
	return err == nil && fi.Mode().IsRegular()
}
