/*
 * tui: the full-screen program (ncurses). Nothing outside src/tui/ knows
 * about curses; the screens call src/app/ to change data and the read
 * queries of src/store/ to show it.
 */
#ifndef TUI_TUI_H
#define TUI_TUI_H

/* Run the full-screen program on the database at path (created on first
 * start). Returns the exit status. */
int tui_main(const char *db_path);

#endif
