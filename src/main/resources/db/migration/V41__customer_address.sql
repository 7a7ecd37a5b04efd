-- Where a customer is: the street address a technician drives to (the workspace's customer card links it to a map).
alter table customers add column address varchar(300);
