/*
 * disk_image.yar - disk images, used to carry programs and shortcuts past
 * the "downloaded from the internet" mark (Windows mounts them on
 * double-click).
 *
 * triage_is_disk_image: ISO 9660 ("iso"; its files are unpacked and
 * scanned too), UDF ("udf"), VHD ("vhd"), VHDX ("vhdx"), Apple DMG ("dmg")
 * and raw FAT/NTFS/exFAT volume images ("img"); triage_type says which.
 */

rule Disk_Image
{
	meta:
		category = "disk-image"
		severity = "high"
		description = "A disk image: opening it shows files that bypass some Windows protections"

	condition:
		triage_is_disk_image
}
