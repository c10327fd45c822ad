"""Durable background work: queues, durable steps and recovery, on DBOS Transact."""
