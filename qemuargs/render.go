// Package qemuargs renders the QEMU (qemu-xen) command-line arguments that
// libxl gives the device model for a domain's disks: the -drive and -device
// options of libxl__build_device_model_args_new, in libxl's order,
// including COLO block replication, in two dialects: today's libxl (as
// QEMU 7.2 and 10.0 accept it) and the 2015 COLO patch series.
//
// Render takes a validate.Plan, where every decision was already made
// (which disks QEMU sees, on which bus and slot, the file and format it
// opens, the COLO role and the drive ids; validate reports every disk QEMU
// does not see, and why). Render only writes the strings; it decides and
// reports nothing.
//
// Unlike libxl, Render escapes every value (each ',' doubled), so that no
// target, export name or overlay path can add or change a QEMU option.
// The 2015 dialect reproduces the 2015 strings as they were, including
// if=scsi and the nbd+colo / qcow2+colo drivers that never reached QEMU; it
// is for reading old configurations, not for running today's QEMU.
package qemuargs

import (
	"strconv"

	"github.com/xldisk/xldisk/colo"
	"github.com/xldisk/xldisk/domain"
	"github.com/xldisk/xldisk/validate"
)

// Drive describes one disk that QEMU emulates, for callers that check
// what QEMU opened (query-block).
type Drive struct {
	// Disk is the index of the disk in the domain's list.
	Disk int
	// ID is the id of the drive the guest device uses (query-block's
	// "device").
	ID string
	// File is the image QEMU opens for the disk ("" for an empty cdrom);
	// for a COLO secondary the base image (its id is Chain.Export).
	File string
	// Format is QEMU's format driver for File ("raw", "qcow2", "vpc",
	// "host_device", ...).
	Format string
	// ReadOnly is QEMU's read-only flag for the drive.
	ReadOnly bool
	// Cdrom is true for an emulated cdrom.
	Cdrom bool
	// Mode is the COLO mode the drive was rendered for.
	Mode domain.ColoMode
	// Chain is the COLO replication chain (zero for ColoNone).
	Chain colo.Chain
	// Opts are the options of the drive's -drive argument(s), unescaped, in
	// order: one list, or for a COLO secondary two (base drive first).
	Opts [][]KV
	// Args is the disk's own part of Result.Args (its -drive and -device
	// options).
	Args []string
}

// Result is the rendered argument fragment.
type Result struct {
	// Args is the argv fragment, option and value alternating
	// ("-drive", "file=...").
	Args []string
	// Drives describes each emulated disk, in Args order.
	Drives []Drive
}

// Render writes the arguments of plan's emulated disks, in order, as libxl
// does for an HVM domain. A plan for a PV guest, or with no emulated disk,
// gives no arguments.
func Render(plan *validate.Plan) *Result {
	res := &Result{}
	if plan == nil {
		return res
	}
	if plan.SCSIController {
		res.Args = append(res.Args, "-device", "lsi53c895a")
	}
	if plan.AHCIController {
		res.Args = append(res.Args, "-device", "ahci,id=ahci0")
	}
	for _, dp := range plan.Emulated() {
		e := dp.Emulation
		var drives [][]KV
		var dev []KV
		if e.Dialect == domain.Dialect2015 {
			drives = drives2015(e)
		} else {
			drives, dev = drivesCurrent(e)
		}
		start := len(res.Args)
		for _, kv := range drives {
			res.Args = append(res.Args, "-drive", JoinOpts(kv))
		}
		if dev != nil {
			res.Args = append(res.Args, "-device", JoinOpts(dev))
		}
		dr := Drive{Disk: dp.Index, ID: e.DriveID, File: e.Path, Format: e.Format, ReadOnly: e.ReadOnly,
			Cdrom: e.Cdrom, Mode: e.Colo, Chain: e.Chain, Opts: drives, Args: res.Args[start:len(res.Args):len(res.Args)]}
		switch {
		case e.DriveID == "" && !e.Cdrom:
			dr.ID = ideName(e.Index)
			if e.Bus == validate.BusSCSI {
				dr.ID = "scsi0-hd" + strconv.Itoa(e.Index)
			}
		}
		if e.Dialect == domain.Dialect2015 && !e.Cdrom {
			dr.ReadOnly = false // emulated writable before XSA-142
		}
		res.Drives = append(res.Drives, dr)
	}
	return res
}

// drivesCurrent writes one disk's -drive option lists and its -device, as
// today's libxl_dm.c does.
func drivesCurrent(e *validate.Emulation) (drives [][]KV, dev []KV) {
	n := strconv.Itoa(e.Index)
	if e.Cdrom {
		kv := []KV{{Key: "if", Value: "none"}, {Key: "readonly", Value: "on"}, {Key: "id", Value: e.DriveID}}
		if e.HasPath {
			kv = append(kv, KV{Key: "file", Value: e.Path}, KV{Key: "format", Value: e.Format})
		}
		dev = []KV{{Key: "ide-cd", Bare: true}, {Key: "id", Value: e.DriveID}, {Key: "drive", Value: e.DriveID},
			{Key: "bus", Value: "ide." + strconv.Itoa(e.Index/2)}, {Key: "unit", Value: strconv.Itoa(e.Index % 2)}}
		return [][]KV{kv}, dev
	}
	c := e.Chain
	switch e.Bus {
	case validate.BusSCSI:
		common := []KV{{Key: "if", Value: "none"}, {Key: "readonly", Value: onOff(e.ReadOnly)}, {Key: "cache", Value: "writeback"}}
		switch e.Colo {
		case domain.ColoNone:
			drives = append(drives, append([]KV{{Key: "file", Value: e.Path}, {Key: "id", Value: e.DriveID}, {Key: "format", Value: e.Format}}, common...))
		case domain.ColoPrimary:
			q := append([]KV{{Key: "id", Value: e.DriveID}, {Key: "driver", Value: "quorum"}}, quorumChildren(e.Path, e.Format)...)
			drives = append(drives, append(append([]KV{}, common...), q...))
		case domain.ColoSecondary:
			base := []KV{{Key: "if", Value: "none"}, {Key: "driver", Value: e.Format}, {Key: "file", Value: e.Path},
				{Key: "id", Value: e.BaseID}, {Key: "readonly", Value: onOff(e.ReadOnly)}}
			top := append(append([]KV{}, common...), KV{Key: "id", Value: e.DriveID})
			drives = append(drives, base, append(top, replication(c)...))
		}
		dev = []KV{{Key: "scsi-hd", Bare: true}, {Key: "drive", Value: e.DriveID}, {Key: "scsi-id", Value: n}}
		return drives, dev
	case validate.BusAHCI:
		kv := []KV{{Key: "file", Value: e.Path}, {Key: "if", Value: "none"}, {Key: "id", Value: e.DriveID},
			{Key: "format", Value: e.Format}, {Key: "cache", Value: "writeback"}}
		dev = []KV{{Key: "ide-hd", Bare: true}, {Key: "bus", Value: "ahci0." + n}, {Key: "unit", Value: "0"}, {Key: "drive", Value: e.DriveID}}
		return [][]KV{kv}, dev
	}
	ide := []KV{{Key: "if", Value: "ide"}, {Key: "index", Value: n}, {Key: "media", Value: "disk"}}
	switch e.Colo {
	case domain.ColoNone:
		drives = append(drives, []KV{{Key: "file", Value: e.Path}, {Key: "if", Value: "ide"}, {Key: "index", Value: n},
			{Key: "media", Value: "disk"}, {Key: "format", Value: e.Format}, {Key: "cache", Value: "writeback"}})
	case domain.ColoPrimary:
		kv := append(append([]KV{}, ide...), KV{Key: "cache", Value: "writeback"}, KV{Key: "driver", Value: "quorum"}, KV{Key: "id", Value: e.DriveID})
		drives = append(drives, append(kv, quorumChildren(e.Path, e.Format)...))
	case domain.ColoSecondary:
		base := []KV{{Key: "if", Value: "none"}, {Key: "driver", Value: e.Format}, {Key: "file", Value: e.Path}, {Key: "id", Value: e.BaseID}}
		kv := []KV{{Key: "if", Value: "ide"}, {Key: "index", Value: n}, {Key: "id", Value: e.DriveID},
			{Key: "media", Value: "disk"}, {Key: "cache", Value: "writeback"}}
		drives = append(drives, base, append(kv, replication(c)...))
	}
	return drives, nil
}

// drives2015 writes one disk's -drive option lists as the 2015 series did
// (no -device: its if=ide and if=scsi drives bring their own).
func drives2015(e *validate.Emulation) [][]KV {
	n := strconv.Itoa(e.Index)
	if e.Cdrom {
		if !e.HasPath {
			return [][]KV{{{Key: "if", Value: "ide"}, {Key: "index", Value: n}, {Key: "media", Value: "cdrom"},
				{Key: "cache", Value: "writeback"}, {Key: "id", Value: e.DriveID}}}
		}
		return [][]KV{{{Key: "file", Value: e.Path}, {Key: "if", Value: "ide"}, {Key: "index", Value: n},
			{Key: "media", Value: "cdrom"}, {Key: "format", Value: e.Format}, {Key: "cache", Value: "writeback"}, {Key: "id", Value: e.DriveID}}}
	}
	var drives [][]KV
	if e.BaseID != "" {
		drives = append(drives, []KV{{Key: "if", Value: "none"}, {Key: "driver", Value: e.Format}, {Key: "file", Value: e.Path}, {Key: "id", Value: e.BaseID}})
	}
	head := []KV{{Key: "if", Value: "ide"}, {Key: "index", Value: n}, {Key: "media", Value: "disk"}}
	if e.Bus == validate.BusSCSI {
		head = []KV{{Key: "if", Value: "scsi"}, {Key: "bus", Value: "0"}, {Key: "unit", Value: n}}
	}
	c := e.Chain
	switch e.Colo {
	case domain.ColoNone:
		kv := append([]KV{{Key: "file", Value: e.Path}}, head...)
		drives = append(drives, append(kv, KV{Key: "format", Value: e.Format}, KV{Key: "cache", Value: "writeback"}))
	case domain.ColoPrimary:
		drives = append(drives, append(append([]KV{}, head...),
			KV{Key: "cache", Value: "writeback"}, KV{Key: "driver", Value: "quorum"},
			KV{Key: "children.0.file.filename", Value: e.Path},
			KV{Key: "children.0.driver", Value: e.Format},
			KV{Key: "children.1.file.host", Value: c.Host},
			KV{Key: "children.1.file.port", Value: strconv.Itoa(c.Port)},
			KV{Key: "children.1.file.export", Value: c.Export},
			KV{Key: "children.1.file.driver", Value: "nbd+colo"},
			KV{Key: "children.1.driver", Value: "raw"},
			KV{Key: "children.1.ignore-errors", Value: "on"},
			KV{Key: "read-pattern", Value: "fifo"}))
	case domain.ColoSecondary:
		drives = append(drives, append(append([]KV{}, head...),
			KV{Key: "cache", Value: "writeback"}, KV{Key: "driver", Value: "qcow2+colo"},
			KV{Key: "file", Value: c.ActiveDisk},
			KV{Key: "backing_reference.drive_id", Value: e.BaseID},
			KV{Key: "backing_reference.hidden-disk.file.filename", Value: c.HiddenDisk},
			KV{Key: "backing_reference.hidden-disk.allow-write-backing-file", Value: "on"},
			KV{Key: "export", Value: c.Export}))
	}
	return drives
}

// ideName is QEMU's default id of an if=ide drive (ide<bus>-hd<unit>),
// which query-block reports. if_name "ide", bus n/2, unit n%2 for the pc
// machine's two units per bus.
func ideName(n int) string {
	return "ide" + strconv.Itoa(n/2) + "-hd" + strconv.Itoa(n%2)
}

func quorumChildren(path, format string) []KV {
	key := "children.0.file.filename"
	if format == "host_device" {
		// host_device is a protocol driver: it has no file child.
		key = "children.0.filename"
	}
	return []KV{
		{Key: key, Value: path},
		{Key: "children.0.driver", Value: format},
		{Key: "read-pattern", Value: "fifo"},
		{Key: "vote-threshold", Value: "1"},
	}
}

func replication(c colo.Chain) []KV {
	return []KV{
		{Key: "driver", Value: "replication"},
		{Key: "mode", Value: "secondary"},
		{Key: "top-id", Value: "top-colo"},
		{Key: "file.driver", Value: "qcow2"},
		{Key: "file.file.filename", Value: c.ActiveDisk},
		{Key: "file.backing.driver", Value: "qcow2"},
		{Key: "file.backing.file.filename", Value: c.HiddenDisk},
		{Key: "file.backing.backing", Value: c.Export},
	}
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}
