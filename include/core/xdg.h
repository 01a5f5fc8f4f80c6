/*
 * xdg: capphat's folders in the account, after the XDG base directories:
 * the configuration ($XDG_CONFIG_HOME/capphat, else ~/.config/capphat:
 * the office key) and the state ($XDG_STATE_HOME/capphat, else
 * ~/.local/state/capphat: tui.log, the last operator's name, this
 * account's record of the registers it wrote) and the data
 * ($XDG_DATA_HOME/capphat, else ~/.local/share/capphat: the default
 * register, and the backups and receipts of registers on a server).
 */
#ifndef CORE_XDG_H
#define CORE_XDG_H

enum xdg_kind { XDG_CONFIG, XDG_STATE, XDG_DATA };

/* The folder (a new string, caller frees), or NULL when neither the
 * variable nor HOME is set. With create, made with its parents (mode 0700
 * for what is made). */
char *xdg_dir(enum xdg_kind kind, int create);

#endif
