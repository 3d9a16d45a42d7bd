package qemuargs

import (
	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/validate"
)

// Rule ids of the findings Render reports. Warnings mark a disk that the
// guest sees through PV drivers only (libxl skips it for QEMU, and so does
// Render, never silently); errors mark a disk with which libxl refuses the
// domain or QEMU refuses to start.
//
// Where validate already has a rule for the same fact (QEMU's limits,
// XLD200-XLD239, and the empty non-cdrom disk), Render reports that rule,
// at the same span, so that a linter running both sees one finding, not
// two. Render's own rules are XLD242-XLD262 (XLD240, XLD241, XLD245-XLD247,
// XLD251 and XLD252 are retired: they became the validate rules below).
const (
	RuleNoDiskNumber  = validate.RuleVdevNumberHVM
	RuleEmptyNotCdrom = validate.RuleEmptyNotCdrom
	RuleCdromIndex    = validate.RuleCdromIndex
	RuleCdromBus      = validate.RuleCdromBus
	RuleIDEIndex      = validate.RuleIDEIndex
	RuleAHCIIndex     = validate.RuleAHCIIndex
	RuleReadOnlyIDE   = validate.RuleReadOnlyIDE
	RuleReadOnlyAHCI  = validate.RuleReadOnlyAHCI
	RuleSlotConflict  = validate.RuleSlotConflict
	RuleSCSIID        = validate.RuleSCSIID
	RuleTapHVM        = validate.RuleTapHVM

	RuleStubdomTooMany   = "XLD242"
	RuleNoLocalPath      = "XLD243"
	RuleScriptPath       = "XLD244"
	RuleBadValue         = "XLD248"
	RuleBadExportID      = "XLD249"
	RuleColoIncomplete   = "XLD250"
	RuleColoIgnored      = "XLD253"
	RuleDialectStubdom   = "XLD254"
	RuleReadOnly2015     = "XLD255"
	RuleNoBackend        = "XLD256"
	RuleJSONTarget       = "XLD257"
	RuleProtocolTarget   = "XLD258"
	RuleNoFormat         = "XLD259"
	RuleAHCI2015         = "XLD260"
	RuleColoParams2015   = "XLD261"
	RuleDuplicateDriveID = "XLD262"
)

const hvm = "type = \"hvm\"\n"

func init() {
	diag.Register(
		diag.Rule{ID: RuleStubdomTooMany, Severity: diag.Warning,
			Summary: "stub domain: only disks a..z are emulated",
			Why:     "With a device-model stub domain QEMU opens /dev/xvdX inside the stub domain; libxl only names disks 0..25 that way and leaves the rest PV only.",
			Bad:     hvm + "device_model_stubdomain_override = 1\ndisk = [ '/dev/vg/a,raw,xvdaa,rw' ]",
			Good:    hvm + "device_model_stubdomain_override = 1\ndisk = [ '/dev/vg/a,raw,xvdb,rw' ]"},
		diag.Rule{ID: RuleNoLocalPath, Severity: diag.Warning,
			Summary: "no local path to the image: the disk is PV only",
			Why: "QEMU in dom0 must open the image itself (libxl__device_disk_find_local_path): a disk served by a driver domain, " +
				"or a non-raw image on a phy or tap backend, has no such path, so libxl logs \"No way to get local access disk to image\".",
			Bad:  hvm + "disk = [ 'backend=drv,/dev/vg/a,raw,xvda,rw' ]",
			Good: hvm + "disk = [ '/dev/vg/a,raw,xvda,rw' ]"},
		diag.Rule{ID: RuleScriptPath, Severity: diag.Warning,
			Summary: "disk with a hotplug script: QEMU's path is only known at run time",
			Why: "For a disk with script= libxl hands QEMU the physical-device-path that the script writes to xenstore when the domain starts; " +
				"xldisk cannot know it offline, so it renders no drive for the disk.",
			Bad:  hvm + "disk = [ 'vdev=xvda,script=block-iscsi,target=iqn.2001-05.com.example:disk' ]",
			Good: hvm + "disk = [ '/dev/vg/a,raw,xvda,rw' ]"},
		diag.Rule{ID: RuleBadValue, Severity: diag.Error,
			Summary: "a path QEMU cannot be given",
			Why: "QEMU needs a non-empty file name without NUL bytes (\"A block device must be specified for file\"); a command-line argument cannot carry NUL. " +
				"A file name that starts with white space (target= /dev/vg/a) is refused too: QEMU keeps the blank and would open a relative file named after it.",
			Bad:  hvm + "disk = [ 'vdev=hda,format=raw,access=rw,target=' ]",
			Good: hvm + "disk = [ 'vdev=hda,format=raw,access=rw,target=/dev/vg/a' ]"},
		diag.Rule{ID: RuleBadExportID, Severity: diag.Error,
			Summary: "COLO export name is not a QEMU identifier",
			Why: "libxl uses colo-export as the id of a QEMU drive (the primary's quorum, the secondary's base drive); QEMU ids start with a letter " +
				"and hold only letters, digits, '-', '.' and '_', else QEMU refuses to start.",
			Bad:  hvm + "disk = [ 'vdev=hda,format=raw,access=rw,colo,colo-host=192.168.0.2,colo-port=9000,colo-export=1st disk,active-disk=/a.qcow2,hidden-disk=/h.qcow2,target=/dev/vg/a' ]",
			Good: hvm + "disk = [ 'vdev=hda,format=raw,access=rw,colo,colo-host=192.168.0.2,colo-port=9000,colo-export=disk1,active-disk=/a.qcow2,hidden-disk=/h.qcow2,target=/dev/vg/a' ]"},
		diag.Rule{ID: RuleColoIncomplete, Severity: diag.Error,
			Summary: "COLO disk lacks a setting its side needs",
			Why: "The primary needs colo-host, colo-port and colo-export (its quorum id and NBD peer); the secondary also needs active-disk and hidden-disk, " +
				"its replication overlays. libxl would pass \"(null)\" to QEMU.",
			Bad:  hvm + "disk = [ 'vdev=hda,format=raw,access=rw,colo,target=/dev/vg/a' ]",
			Good: hvm + "disk = [ 'vdev=hda,format=raw,access=rw,colo,colo-host=192.168.0.2,colo-port=9000,colo-export=disk1,active-disk=/a.qcow2,hidden-disk=/h.qcow2,target=/dev/vg/a' ]"},
		diag.Rule{ID: RuleColoIgnored, Severity: diag.Warning,
			Summary: "COLO setting ignored for this emulated disk",
			Why:     "libxl only builds COLO replication for SCSI and IDE hard disks; an AHCI disk or a cdrom is emulated as a plain drive and is not replicated.",
			Bad:     "type = \"hvm\"\nhdtype = \"ahci\"\ndisk = [ 'vdev=hda,format=raw,access=rw,colo,colo-host=192.168.0.2,colo-port=9000,colo-export=disk1,active-disk=/a.qcow2,hidden-disk=/h.qcow2,target=/dev/vg/a' ]",
			Good:    hvm + "disk = [ 'vdev=hda,format=raw,access=rw,colo,colo-host=192.168.0.2,colo-port=9000,colo-export=disk1,active-disk=/a.qcow2,hidden-disk=/h.qcow2,target=/dev/vg/a' ]"},
		diag.Rule{ID: RuleDialectStubdom, Severity: diag.Error,
			Summary: "2015 dialect: no qemu-xen stub domain",
			Why:     "In 2015 libxl only ran qemu-traditional in a stub domain (libxl__spawn_stub_dm refused qemu-xen), so the 2015 series has no stub-domain disk arguments.",
			Bad:     hvm + "device_model_stubdomain_override = 1\ndisk = [ '/dev/vg/a,raw,xvda,rw' ]",
			Good:    hvm + "disk = [ '/dev/vg/a,raw,xvda,rw' ]"},
		diag.Rule{ID: RuleReadOnly2015, Severity: diag.Warning,
			Summary: "2015 dialect: read-only disk emulated writable",
			Why:     "Before XSA-142 (October 2015) libxl ignored access=ro for emulated hard disks: the guest could write the image through the emulated IDE or SCSI disk.",
			Bad:     hvm + "disk = [ '/dev/vg/a,raw,hda,ro' ]",
			Good:    hvm + "disk = [ '/dev/vg/a,raw,hda,rw' ]"},
		diag.Rule{ID: RuleNoBackend, Severity: diag.Error,
			Summary: "backend not chosen: run validate first",
			Why:     "QEMU's format and path depend on the backend libxl picks (libxl__device_disk_set_backend); qemuargs renders disks whose backend is already resolved.",
			Bad:     hvm + "disk = [ 'vdev=hda,format=raw,access=rw,backendtype=nosuch,target=/dev/vg/a' ]",
			Good:    hvm + "disk = [ 'vdev=hda,format=raw,access=rw,target=/dev/vg/a' ]"},
		diag.Rule{ID: RuleJSONTarget, Severity: diag.Error,
			Summary: "json: path would let the disk set any QEMU block option",
			Why:     "QEMU reads a file name starting with json: as a JSON object of block options, so the path could open any file with any driver.",
			Bad:     hvm + "disk = [ 'vdev=hda,format=qcow2,backendtype=qdisk,access=rw,target=json:{\"file.filename\":\"/etc/shadow\"}' ]",
			Good:    hvm + "disk = [ 'vdev=hda,format=qcow2,backendtype=qdisk,access=rw,target=/srv/a.qcow2' ]"},
		diag.Rule{ID: RuleProtocolTarget, Severity: diag.Warning,
			Summary: "relative path read by QEMU as a protocol",
			Why: "QEMU reads NAME: before the first '/' of a file name as a protocol (nbd:, rbd:, iscsi:, ...); a relative file name with a colon " +
				"is not opened as a file. Write it as an absolute path or with ./ if a file is meant.",
			Bad:  hvm + "disk = [ 'vdev=hda,format=raw,backendtype=qdisk,access=rw,target=backup:2015.img' ]",
			Good: hvm + "disk = [ 'vdev=hda,format=raw,backendtype=qdisk,access=rw,target=/srv/backup:2015.img' ]"},
		diag.Rule{ID: RuleNoFormat, Severity: diag.Warning,
			Summary: "QEMU has no name for the image format: the disk is PV only",
			Why:     "libxl__qemu_disk_format_string has no QEMU format for this disk, so libxl logs \"Unable to determine disk image format\" and skips it.",
			Bad:     hvm + "disk = [ 'vdev=hda,format=empty,backendtype=qdisk,target=' ]",
			Good:    hvm + "disk = [ 'vdev=hda,format=raw,backendtype=qdisk,access=rw,target=/srv/a.img' ]"},
		diag.Rule{ID: RuleAHCI2015, Severity: diag.Warning,
			Summary: "2015 dialect: hdtype=\"ahci\" not known, disks emulated as IDE",
			Why:     "The 2015 COLO series was written against libxl before AHCI support (Xen 4.6); its disk loop emulates hd/xvd disks as IDE whatever hdtype says.",
			Bad:     "type = \"hvm\"\nhdtype = \"ahci\"\ndisk = [ '/dev/vg/a,raw,xvda,rw' ]",
			Good:    hvm + "disk = [ '/dev/vg/a,raw,xvda,rw' ]"},
		diag.Rule{ID: RuleColoParams2015, Severity: diag.Warning,
			Summary: "2015 dialect: invalid colo-params, the disk is not emulated",
			Why:     "The 2015 series' parse_colo_params rejects colo-params that is not host:port:exportname=NAME; libxl then logs \"colo-params is invalid\" and skips the emulated drive.",
			Bad:     hvm + "disk = [ 'vdev=hda,format=raw,access=rw,colo,colo-params=192.168.0.2:9000,active-disk=/a.qcow2,hidden-disk=/h.qcow2,target=/dev/vg/a' ]",
			Good:    hvm + "disk = [ 'vdev=hda,format=raw,access=rw,colo,colo-params=192.168.0.2:9000:exportname=disk1,active-disk=/a.qcow2,hidden-disk=/h.qcow2,target=/dev/vg/a' ]"},
		diag.Rule{ID: RuleDuplicateDriveID, Severity: diag.Error,
			Summary: "two QEMU drives with the same id",
			Why: "libxl names the secondary's replication drive top-colo and the primary's quorum after colo-export, so two COLO disks on one side, " +
				"or two disks sharing colo-export, give QEMU a duplicate id and it refuses to start.",
			Bad:  hvm + "disk = [ 'vdev=hda,format=raw,access=rw,colo,colo-host=h,colo-port=9000,colo-export=d1,active-disk=/a1,hidden-disk=/h1,target=/dev/vg/a', 'vdev=hdb,format=raw,access=rw,colo,colo-host=h,colo-port=9000,colo-export=d1,active-disk=/a2,hidden-disk=/h2,target=/dev/vg/b' ]",
			Good: hvm + "disk = [ 'vdev=hda,format=raw,access=rw,colo,colo-host=h,colo-port=9000,colo-export=d1,active-disk=/a1,hidden-disk=/h1,target=/dev/vg/a', 'vdev=hdb,format=raw,access=rw,target=/dev/vg/b' ]"},
	)
}
