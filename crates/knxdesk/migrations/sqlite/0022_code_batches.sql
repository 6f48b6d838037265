-- A roll of labels printed before the devices are known (D2): codes made together, unpaired,
-- numbered per organisation; paired later by scanning one with a signed-in phone.
ALTER TABLE service_codes ADD COLUMN batch BIGINT;
CREATE INDEX service_codes_batch ON service_codes(org_id, batch);
