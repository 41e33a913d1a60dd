"""The face of data exchange: the 数据交换 page, its dialogs, backups at close and daily."""
