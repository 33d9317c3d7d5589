/**
 * A table of records with sortable columns and pages of 50 rows, on TanStack Table. Columns are
 * described simply (header, cell, optional sort value); the table is a real <table> with a caption
 * and aria-sort on sorted headers, inside a box that scrolls sideways on a narrow screen.
 */
import { flexRender, getCoreRowModel, getPaginationRowModel, getSortedRowModel, useReactTable, type ColumnDef, type SortingState } from '@tanstack/react-table';
import { useMemo, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';

export interface Column<T> {
  id: string;
  header: string;
  cell: (row: T) => ReactNode;
  /** Present: the column sorts by this value. */
  sortValue?: (row: T) => string | number;
  isNumeric?: boolean;
}

const PAGE_SIZE = 50;

export function DataTable<T>({ caption, rows, columns, rowKey, empty, testId }: { caption: string; rows: readonly T[]; columns: readonly Column<T>[]; rowKey: (row: T) => string; empty: string; testId?: string }) {
  const { t } = useI18n();
  const [sorting, setSorting] = useState<SortingState>([]);
  const definitions = useMemo<ColumnDef<T, string | number>[]>(
    () =>
      columns.map((column) => ({
        id: column.id,
        header: column.header,
        accessorFn: column.sortValue ?? (() => 0),
        enableSorting: column.sortValue !== undefined,
        cell: (context) => column.cell(context.row.original),
        meta: { isNumeric: column.isNumeric === true },
      })),
    [columns],
  );
  const data = useMemo(() => [...rows], [rows]);
  const table = useReactTable({
    data,
    columns: definitions,
    state: { sorting },
    onSortingChange: setSorting,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getPaginationRowModel: getPaginationRowModel(),
    getRowId: (row) => rowKey(row),
    initialState: { pagination: { pageSize: PAGE_SIZE } },
  });
  const pageCount = table.getPageCount();
  return (
    <div className="table-box">
      <table data-testid={testId}>
        <caption>{caption}</caption>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted();
                const isNumeric = (header.column.columnDef.meta as { isNumeric?: boolean } | undefined)?.isNumeric === true;
                return (
                  <th key={header.id} scope="col" className={isNumeric ? 'numeric' : undefined} aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}>
                    {header.column.getCanSort() ? (
                      <button type="button" className="sort" onClick={header.column.getToggleSortingHandler()}>
                        {flexRender(header.column.columnDef.header, header.getContext())}
                        <span aria-hidden="true">{sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ' ↕'}</span>
                      </button>
                    ) : (
                      flexRender(header.column.columnDef.header, header.getContext())
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="muted">
                {empty}
              </td>
            </tr>
          ) : (
            table.getRowModel().rows.map((row) => (
              <tr key={row.id}>
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id} className={(cell.column.columnDef.meta as { isNumeric?: boolean } | undefined)?.isNumeric === true ? 'numeric' : undefined}>
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
      {pageCount > 1 ? (
        <nav className="pager" aria-label={t('table.pages')}>
          <button type="button" onClick={() => table.previousPage()} disabled={!table.getCanPreviousPage()}>
            {t('table.previous')}
          </button>
          <span>{t('table.pageOf', { page: table.getState().pagination.pageIndex + 1, pages: pageCount })}</span>
          <button type="button" onClick={() => table.nextPage()} disabled={!table.getCanNextPage()}>
            {t('table.next')}
          </button>
        </nav>
      ) : null}
    </div>
  );
}
