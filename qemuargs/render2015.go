package qemuargs

import (
	"strconv"

	"github.com/xldisk/xldisk/colo"
	"github.com/xldisk/xldisk/diskspec"
)

// disk2015 renders one disk as the 2015 COLO series' libxl did
// (libxl__build_device_model_args_new with PATCH v7 COLO 11/18 applied):
// the format is always the disk's own, cdroms and disks are if=ide / if=scsi
// drives, COLO uses the nbd+colo and qcow2+colo drivers of the proposed QEMU
// block replication.
func (r *renderer) disk2015(k *disk) (args []string, drive *Drive, ok bool) {
	d, v := k.d, k.v
	n := v.Disk
	format := qemuFormat(d.Format)
	if d.IsCdrom != 0 {
		if colo.ModeOf(d) != colo.ModeNone {
			k.add(RuleColoIgnored, diskspec.FieldColo, "COLO is not applied to a cdrom; %s is emulated without replication", k.name())
		}
		if !r.claim(k, "ide:"+strconv.Itoa(n), "IDE slot "+strconv.Itoa(n)) {
			return nil, nil, false
		}
		id := "ide-" + strconv.Itoa(v.Number)
		if !r.claimID(k, id) {
			return nil, nil, false
		}
		var kv []KV
		dr := &Drive{Disk: k.i, ID: id, ReadOnly: true, Cdrom: true}
		if d.Format == diskspec.FormatEmpty {
			kv = []KV{{Key: "if", Value: "ide"}, {Key: "index", Value: strconv.Itoa(n)}, {Key: "media", Value: "cdrom"},
				{Key: "cache", Value: "writeback"}, {Key: "id", Value: id}}
		} else {
			if !r.checkPath(k, diskspec.FieldTarget, "target", d.Target()) {
				return nil, nil, false
			}
			kv = []KV{{Key: "file", Value: d.Target()}, {Key: "if", Value: "ide"}, {Key: "index", Value: strconv.Itoa(n)},
				{Key: "media", Value: "cdrom"}, {Key: "format", Value: format}, {Key: "cache", Value: "writeback"}, {Key: "id", Value: id}}
			dr.File, dr.Format = d.Target(), format
		}
		dr.Opts = [][]KV{kv}
		return []string{"-drive", JoinOpts(kv)}, dr, true
	}
	if d.Format == diskspec.FormatEmpty {
		k.add(RuleEmptyNotCdrom, diskspec.FieldFormat, "format empty is only emulated for a cdrom; disk %s is not emulated", k.name())
		return nil, nil, false
	}
	if format == "" {
		k.add(RuleNoFormat, diskspec.FieldFormat, "QEMU has no format for %s; disk %s is not emulated", d.Format, k.name())
		return nil, nil, false
	}
	if d.Backend == diskspec.BackendTap {
		k.add(RuleNoLocalPath, diskspec.FieldBackendtype, "disk %s is on the tap backend: the 2015 libxl gives QEMU the blktap device created at run time, not known offline; no drive rendered", k.name())
		return nil, nil, false
	}
	path := d.Target()
	if !r.checkPath(k, diskspec.FieldTarget, "target", path) {
		return nil, nil, false
	}
	if d.Readwrite == 0 {
		k.add(RuleReadOnly2015, diskspec.FieldAccess, "the 2015 series emulates read-only disk %s writable (before XSA-142)", k.name())
	}
	sd := hasSdPrefix(d.VdevName())
	if !sd && n >= 4 {
		k.add(RuleIDEIndex, diskspec.FieldVdev, "only 4 emulated IDE disks are supported; %s (index %d) is not emulated", k.name(), n)
		return nil, nil, false
	}
	mode := colo.ModeOf(d)
	dr := &Drive{Disk: k.i, File: path, Format: format, ReadOnly: false, Mode: mode}
	var c colo.Chain
	if mode != colo.ModeNone {
		c = colo.Chain{Export: diskspec.Deref(d.ColoExport), ActiveDisk: diskspec.Deref(d.ActiveDisk),
			HiddenDisk: diskspec.Deref(d.HiddenDisk), Host: diskspec.Deref(d.ColoHost), Port: d.ColoPort}
		if mode == colo.ModeSecondary {
			// disk_try_backend of the series refused a COLO disk without
			// active-disk and hidden-disk.
			bad := false
			for _, f := range []struct {
				v     string
				field colo.Field
			}{{c.ActiveDisk, colo.FieldActiveDisk}, {c.HiddenDisk, colo.FieldHiddenDisk}} {
				if f.v == "" {
					k.add(RuleColoIncomplete, diskspec.FieldColo, "COLO %s disk %s needs %s=", mode, k.name(), f.field)
					bad = true
				}
			}
			if bad {
				return nil, nil, false
			}
			if !r.checkPath(k, diskspec.FieldActiveDisk, "active-disk", c.ActiveDisk) ||
				!r.checkPath(k, diskspec.FieldHiddenDisk, "hidden-disk", c.HiddenDisk) {
				return nil, nil, false
			}
		}
		dr.Chain = c
	}
	slot, what := "ide:"+strconv.Itoa(n), "IDE slot "+strconv.Itoa(n)
	if sd {
		slot, what = "scsi:"+strconv.Itoa(n), "SCSI unit "+strconv.Itoa(n)
	}
	if !r.claim(k, slot, what) {
		return nil, nil, false
	}

	var drives [][]KV
	var nbdTarget string
	if mode == colo.ModeSecondary {
		if sd {
			nbdTarget = "nbd_target" + strconv.Itoa(n+4)
		} else {
			nbdTarget = "nbd_target" + strconv.Itoa(n)
		}
		drives = append(drives, []KV{{Key: "if", Value: "none"}, {Key: "driver", Value: format}, {Key: "file", Value: path}, {Key: "id", Value: nbdTarget}})
	}
	var head []KV
	if sd {
		head = []KV{{Key: "if", Value: "scsi"}, {Key: "bus", Value: "0"}, {Key: "unit", Value: strconv.Itoa(n)}}
		dr.ID = "scsi0-hd" + strconv.Itoa(n)
	} else {
		head = []KV{{Key: "if", Value: "ide"}, {Key: "index", Value: strconv.Itoa(n)}, {Key: "media", Value: "disk"}}
		dr.ID = ideName(n)
	}
	paramsOK := c.Host != "" && c.Port > 0 && c.Export != ""
	if mode != colo.ModeNone && paramsOK {
		if !r.checkValue(k, diskspec.FieldColoHost, "colo host", c.Host) ||
			!r.checkValue(k, diskspec.FieldColoExport, "colo export", c.Export) {
			return nil, nil, false
		}
	}
	switch {
	case mode == colo.ModeNone:
		kv := []KV{{Key: "file", Value: path}}
		kv = append(kv, head...)
		kv = append(kv, KV{Key: "format", Value: format}, KV{Key: "cache", Value: "writeback"})
		drives = append(drives, kv)
	case !paramsOK:
		msg := "colo-params is invalid for %s (want host:port:exportname=NAME); the disk is not emulated"
		if mode == colo.ModeSecondary {
			msg += ", but its " + nbdTarget + " base drive was already emitted"
			if !r.claimDriveIDs(k, drives) {
				return nil, nil, false
			}
			for _, kv := range drives {
				args = append(args, "-drive", JoinOpts(kv))
			}
		}
		k.add(RuleColoParams2015, diskspec.FieldColoParams, msg, path)
		if len(drives) == 0 {
			return nil, nil, false
		}
		dr.ID, dr.Opts = nbdTarget, drives
		return args, dr, true
	case mode == colo.ModePrimary:
		kv := append(append([]KV{}, head...),
			KV{Key: "cache", Value: "writeback"}, KV{Key: "driver", Value: "quorum"},
			KV{Key: "children.0.file.filename", Value: path},
			KV{Key: "children.0.driver", Value: format},
			KV{Key: "children.1.file.host", Value: c.Host},
			KV{Key: "children.1.file.port", Value: strconv.Itoa(c.Port)},
			KV{Key: "children.1.file.export", Value: c.Export},
			KV{Key: "children.1.file.driver", Value: "nbd+colo"},
			KV{Key: "children.1.driver", Value: "raw"},
			KV{Key: "children.1.ignore-errors", Value: "on"},
			KV{Key: "read-pattern", Value: "fifo"})
		drives = append(drives, kv)
	case mode == colo.ModeSecondary:
		kv := append(append([]KV{}, head...),
			KV{Key: "cache", Value: "writeback"}, KV{Key: "driver", Value: "qcow2+colo"},
			KV{Key: "file", Value: c.ActiveDisk},
			KV{Key: "backing_reference.drive_id", Value: nbdTarget},
			KV{Key: "backing_reference.hidden-disk.file.filename", Value: c.HiddenDisk},
			KV{Key: "backing_reference.hidden-disk.allow-write-backing-file", Value: "on"},
			KV{Key: "export", Value: c.Export})
		drives = append(drives, kv)
	}
	if !r.claimDriveIDs(k, drives) {
		return nil, nil, false
	}
	dr.Opts = drives
	for _, kv := range drives {
		args = append(args, "-drive", JoinOpts(kv))
	}
	return args, dr, true
}
